"""Every view of the read model, followed after a write, equals the same view built fresh."""

from __future__ import annotations

import json
import logging

import pytest

from kithkin.model import Channel
from kithkin.service import agenda
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.network_map import map_data, network_map
from kithkin.service.paths import find_paths
from kithkin.service.read_model import network_map as network_map_view
from kithkin.service.read_model.scored import scored_network
from kithkin.service.relationships import people_page
from kithkin.service.report import chart_of, network_health, report_chart
from kithkin.service.serial import jsonable
from kithkin.web.routes.map import map_json, map_payload


def _views(app: App) -> tuple[object, ...]:
    """What the pages show of each view: agenda, one-sided ties, report, map, paths,
    people by strength (my relationship with each) and a search."""
    return (
        agenda.build(app),
        agenda.one_sided(app),
        network_health(app),
        network_map(app),
        map_data(app).columns,
        find_paths(app, "Contoso"),
        people_page(app, sort="strength"),
        people_page(app, q="engineer"),
    )


def _fresh(app: App) -> tuple[object, ...]:
    """The same views from an App that keeps nothing yet (as a new process would)."""
    fresh = App(app.settings, fixed_now=app.fixed_now)
    try:
        return _views(fresh)
    finally:
        fresh.close()


def test_each_view_follows_my_interactions_and_equals_a_fresh_build(
    demo_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    app = demo_app  # a copy of the demo network
    _views(app)
    for n, who in enumerate(["Leo Martins", "Omar Haddad", "Leo Martins"]):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="kithkin.read_model"):
            log_interaction(app, Channel.CALL, [who], note=f"call {n}")
            followed = _views(app)
        said = [r.getMessage() for r in caplog.records]
        for view in (
            "scored network",
            "path graph",
            "map",
            "agenda ties",
            "one-sided",
            "summaries",
        ):
            assert any(m.startswith(f"{view} followed") for m in said), (view, said)
        assert not any("rebuilt" in m for m in said if not m.startswith("report")), said
        assert followed == _fresh(app), n


def test_views_not_seen_for_several_writes_follow_them_all(
    demo_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    app = demo_app  # a copy of the demo network
    _views(app)
    for who in ["Leo Martins", "Omar Haddad", "Leo Martins", "Omar Haddad"]:
        log_interaction(app, Channel.MESSAGE, [who], answered=False)
        scored_network(app)  # another page scored each write; these views were not asked
    with caplog.at_level(logging.INFO, logger="kithkin.read_model"):
        followed = _views(app)
    said = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("map followed") for m in said), said
    assert any(m.startswith("path graph followed") for m in said), said
    assert followed == _fresh(app)


def test_a_group_interaction_rebuilds_the_views_and_they_still_agree(demo_app: App) -> None:
    app = demo_app  # a copy of the demo network
    _views(app)
    log_interaction(app, Channel.IN_PERSON, ["May Parker", "Leo Martins"], note="dinner")
    assert _views(app) == _fresh(app)


def test_the_report_chart_follows_and_is_the_one_a_fresh_report_draws(demo_app: App) -> None:
    app = demo_app  # a copy of the demo network
    before = chart_of(app)
    for who in ["Leo Martins", "Omar Haddad"]:
        log_interaction(app, Channel.CALL, [who])
    fresh = App(app.settings, fixed_now=app.fixed_now)
    try:
        assert chart_of(app) == report_chart(network_health(fresh), "svg")
    finally:
        fresh.close()
    assert before.startswith(b"<?xml")


def test_the_map_answer_written_from_kept_columns_is_the_typed_answer(
    demo_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(network_map_view, "CHUNK", 5)  # many chunks: most carried over
    app = demo_app  # a copy of the demo network
    map_json(map_data(app))  # every column written once, then the map follows a call
    log_interaction(app, Channel.CALL, ["Leo Martins"])
    data = map_data(app)
    assert json.loads(map_json(data)) == jsonable(map_payload(data))
