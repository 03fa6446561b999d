"""One key for an organisation's name and one for an e-mail address, whoever asks:
the store, identity resolution and colleague inference."""

from __future__ import annotations

import pytest

from kithkin.ingest import identity, normalise
from kithkin.insight import graph
from kithkin.model import Email
from kithkin.model.keys import email_key, organisation_key
from kithkin.store import people


@pytest.mark.parametrize(
    "name", ["Globex", "Globex Corporation", "Globex, Inc.", "The Globex Corp", "GLOBEX co"]
)
def test_one_employer_however_its_name_is_written(name: str) -> None:
    assert organisation_key(name) == "globex"
    assert people.organisation_key(name) == identity.organisation_fold(name) == "globex"
    assert graph._fold(name) == "globex"


def test_a_legal_form_alone_is_still_a_name() -> None:
    assert organisation_key("The Company") == "company"
    assert organisation_key("Société Générale SA") == "societe generale"


@pytest.mark.parametrize(
    ("written", "kept", "key"),
    [
        ("  Ada@Example.COM ", "ada@example.com", "ada@example.com"),
        ("mailto:ada@example.com", "ada@example.com", "ada@example.com"),
        ("<ada@example.com>", "ada@example.com", "ada@example.com"),
        ("not an address", "not an address", ""),
        ("ada@localhost", "ada@localhost", ""),
    ],
)
def test_one_way_to_write_and_match_an_address(written: str, kept: str, key: str) -> None:
    assert Email.normalise(written) == normalise.email(written) == kept
    assert email_key(written) == identity.email_key(written) == key
