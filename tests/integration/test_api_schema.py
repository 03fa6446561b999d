"""Schemathesis against the OpenAPI schema: generated requests never get a server error,
and every answer matches the schema its route declares.

Bounded: a handful of examples per operation, on a small real network, on both
databases. Reads everything; writes only through the operations that take a
JSON body, with the CSRF token a browser would hold. Building the demo and
uploading files are left to their own tests.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from kithkin.model import Channel
from kithkin.service import activity
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.service.ties import add_tie
from kithkin.web import WebSettings, create_app
from kithkin.web.settings import LOCAL_HOSTS

# The ASGI test transport names the host "testserver", which the real server refuses.
TEST_HOSTS = WebSettings(allowed_hosts=(*LOCAL_HOSTS, "testserver"))
TOKEN = "t" * 43  # any token works, as long as the cookie and the header agree


def _network(app: App) -> None:
    init_network(app, "Alex Morgan", ["alex@example.com"])
    add_person(app, PersonChanges(name="May Parker", circles=["family"]))
    add_person(app, PersonChanges(name="Ben Okafor", organisation="Contoso", circles=["work"]))
    add_tie(app, "me", "May Parker", ["aunt"])
    add_tie(app, "May Parker", "Ben Okafor", ["neighbour"])
    activity.log_interaction(app, Channel.CALL, ["May Parker"], when=app.now() - timedelta(days=20))


def test_no_server_error(app: App) -> None:
    _network(app)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the ASGI test transport's own deprecation notices
        schema = schemathesis.openapi.from_asgi(
            "/openapi.json", create_app(app, TEST_HOSTS)
        ).exclude(path_regex=r"^/api/v1/(demo|import)$")
        operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
        assert len(operations) >= 15
        for operation in operations:
            _fuzz(operation)


def _fuzz(operation: Any) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = case.call(
            headers={"X-CSRF-Token": TOKEN},
            cookies={"kithkin_csrf": TOKEN},
        )
        # Every answer is what its documented schema says.
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    check()
