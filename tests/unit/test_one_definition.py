"""One key for an organisation's name, one for an e-mail address and one for a phone
number, whoever asks: the store, identity resolution, colleague inference, path
targets, reports, reach and circles."""

from __future__ import annotations

import pytest

from kithkin.ingest import identity, normalise
from kithkin.insight import circles, reach, report, targets
from kithkin.insight.network import Network
from kithkin.model import Affiliation, Email, Person, normalise_circle
from kithkin.model.keys import email_key, organisation_key
from kithkin.store import people


@pytest.mark.parametrize(
    "name", ["Globex", "Globex Corporation", "Globex, Inc.", "The Globex Corp", "GLOBEX co"]
)
def test_one_employer_however_its_name_is_written(name: str) -> None:
    assert organisation_key(name) == "globex"
    assert people.organisation_key(name) == identity.organisation_fold(name) == "globex"


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


@pytest.mark.parametrize(
    ("written", "region", "key"),
    [
        ("+1 415 555 0177", "", "+14155550177"),
        ("(415) 555-0177", "US", "+14155550177"),
        ("tel:+1-415-555-0177;ext=12", "", "+14155550177"),  # an extension is the same line
        ("(415) 555-0177", "", "4155550177"),  # no country: matched as written
        ("04 72 12 34 56", "US", "0472123456"),  # no US number: never a guessed +1
        ("112", "", ""),  # too short to tell anyone apart
    ],
)
def test_one_way_to_match_a_phone_number(written: str, region: str, key: str) -> None:
    assert identity.phone_key(written, region) == normalise.phone_key(written, region) == key
    # The key of a number is the key of the form it is kept in.
    assert normalise.phone_key(normalise.phone(written, region)) == key


def _globex_network() -> Network:
    people = [
        Person("Me", id=1, is_me=True),
        Person("Ana", id=2, affiliations=[Affiliation("Globex Corporation", "Engineer")]),
        Person("Bo", id=3, affiliations=[Affiliation("Globex, Inc.", "Analyst")]),
    ]
    return Network(me=1, people={p.id: p for p in people if p.id}, ties=[], interactions=[])


def test_paths_reports_reach_and_circles_see_one_employer() -> None:
    network = _globex_network()
    assert targets.names_organisation(network, "Globex")
    assert [m.person for m in targets.by_organisation(network, "The Globex Corp")] == [2, 3]
    assert report._reach(network, {2, 3}).organisations == ["Globex Corporation"]
    weights = {(1, 2): 0.5, (1, 3): 0.5}
    organisations = [
        r for r in reach.reach(network, weights).reached if r.kind == reach.ORGANISATION
    ]
    assert [(r.name, r.through) for r in organisations] == [("Globex Corporation", [2, 3])]
    labels = circles.person_labels(network)
    assert labels[2] == labels[3] == ["Globex Corporation"]


@pytest.mark.parametrize("written", ["Family", " Work : Globex ", "SCHOOL:State U", "home\x00:Elm"])
def test_a_parser_keeps_a_circle_as_the_model_does(written: str) -> None:
    assert normalise.circle(written) == normalise_circle(written)
