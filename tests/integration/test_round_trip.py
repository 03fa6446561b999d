"""Round trip: whatever a person holds, exported as vCard 3.0 or 4.0, CSV or JSON and
imported into a fresh database, comes back as the same person and no one else."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from kithkin.model import Affiliation, Birthday, Email, Person, Phone, normalise_circle
from kithkin.model.values import clean
from kithkin.service.app import App
from kithkin.service.backup import export_json, restore_backup
from kithkin.service.export import export_csv, export_vcard, with_notes
from kithkin.service.importing import import_files
from kithkin.store import Settings
from kithkin.store import schema as t

# Any character a file can carry, control characters and odd white space included; the
# model takes out what no database keeps, and the round trip must give back the rest.
hostile = st.characters(codec="utf-8") | st.sampled_from(
    list(",;:\\\"'=+-@＝\r\n\t\x00\x1b\x85\u2028\u00a0\u200d\ufeff")
)
one_line = st.text(hostile, min_size=1, max_size=30)
free_text = st.text(hostile, max_size=80)
word = st.text("abcdefghijklmnopqrstuvwxyzéøß", min_size=1, max_size=10)
label = st.sampled_from(["", "home", "work", "mobile"])


def _fits(value: str) -> bool:
    """Something is left once control characters and white space are taken out."""
    return bool(" ".join(clean(value).split()))


@st.composite
def people(draw: st.DrawFn) -> Person:
    emails = draw(
        st.lists(
            st.builds(lambda u, h, lb: Email(f"{u}@{h}.example", lb), word, word, label),
            max_size=2,
            unique_by=lambda e: e.address,
        )
    )
    phones = draw(
        st.lists(
            st.builds(lambda n, lb: Phone(f"+1415555{n:04d}", lb), st.integers(0, 9999), label),
            max_size=2,
            unique_by=lambda p: p.number,
        )
    )
    # An organisation's name is read without separators at its ends ("Acme," is Acme).
    org_name = one_line.map(lambda v: " ".join(clean(v).split()).strip(" ;,")).filter(bool)
    org = draw(st.none() | st.tuples(org_name, st.just("") | one_line))
    path = draw(st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S"]), max_size=20))
    return Person(
        display_name=draw(one_line.filter(_fits)),
        given_name=draw(one_line.filter(_fits)),  # no parts at all: see the test below
        family_name=draw(st.just("") | one_line),
        middle_name=draw(st.just("") | one_line),
        prefix=draw(st.sampled_from(["", "Dr.", "Ms"])),
        suffix=draw(st.sampled_from(["", "Jr.", "PhD"])),
        nicknames=draw(st.lists(one_line, max_size=2, unique=True)),
        emails=emails,
        phones=phones,
        affiliations=[Affiliation(org[0], org[1])] if org else [],
        location=draw(st.just("") | one_line),
        birthday=draw(
            st.none()
            | st.builds(
                Birthday,
                month=st.integers(1, 12),
                day=st.integers(1, 28),
                year=st.none() | st.integers(1920, 2020),
            )
        ),
        circles=draw(st.lists(st.sampled_from(["family", "friends", "work:Acme"]), unique=True)),
        skills=draw(st.lists(one_line, max_size=2, unique=True)),
        links=draw(st.lists(st.just("https://example.org/p/").map(lambda u: u + path), max_size=1)),
        notes=draw(free_text),
    )


def _comparable(p: Person) -> dict[str, Any]:
    return {
        "name": p.display_name,
        "parts": (p.given_name, p.middle_name, p.family_name, p.prefix, p.suffix),
        "nicknames": sorted(p.nicknames),
        "emails": sorted((e.address, e.label) for e in p.emails),
        "phones": sorted((ph.number, ph.label) for ph in p.phones),
        "work": [(a.organisation, a.role) for a in p.current_affiliations],
        "location": p.location,
        "birthday": p.birthday,
        "circles": sorted(p.circles),
        "skills": sorted(p.skills),
        "links": p.links,
        "notes": p.notes,
    }


def _wipe(app: App) -> None:
    with app.uow() as uow:
        for table in reversed(t.metadata.sorted_tables):
            uow.conn.execute(delete(table))
        uow.commit()


def _everyone(app: App) -> list[dict[str, Any]]:
    with app.uow() as uow:
        return sorted((_comparable(p) for p in uow.people.all()), key=lambda c: c["name"])


FORMATS = ["vcard 3.0", "vcard 4.0", "csv", "json"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_any_person_exports_and_imports_as_the_same_person(fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = App(Settings(f"sqlite:///{Path(folder) / 'source.db'}"))
        target = App(Settings(f"sqlite:///{Path(folder) / 'target.db'}"))
        out = Path(folder) / "export"

        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        @given(people())
        def round_trip(person: Person) -> None:
            _wipe(source)
            _wipe(target)
            with source.uow() as uow:
                uow.people.add(copy.deepcopy(person), source.now())
                uow.commit()
            if fmt == "json":
                export_json(source, out)
                restore_backup(target, out)
            else:
                if fmt == "csv":
                    export_csv(source, out)
                else:
                    export_vcard(source, out, fmt.split()[1])
                summary = import_files(target, [out], fmt="kithkin" if fmt == "csv" else "vcard")
                assert not summary.failed and not summary.files[0].bad
            assert _everyone(target) == _everyone(source)
            with target.uow() as uow:
                assert uow.ties.all() == []

        try:
            round_trip()
        finally:
            source.close()
            target.close()


def test_circles_are_normal() -> None:  # what the generator above relies on
    assert [normalise_circle(c) for c in ["family", "friends", "work:Acme"]] == [
        "family",
        "friends",
        "work:Acme",
    ]


# -- the network as a user builds it, through every export -----------------------

ME = ("init", "--me", "Alex Morgan", "--email", "alex@example.com")
CARD = (  # a card whose related names are known only by name, one without a label
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Fischer\r\nEMAIL:lena@example.net\r\n"
    "item1.X-ABRELATEDNAMES:Cher\r\nitem2.X-ABRELATEDNAMES:Sam Okafor\r\n"
    "item2.X-ABLabel:_$!<Brother>!$_\r\nEND:VCARD\r\n"
)


def _build(kith: Any, tmp_path: Path) -> None:
    assert kith(*ME).code == 0
    (tmp_path / "lena.vcf").write_text(CARD, encoding="utf-8")
    assert kith("import", str(tmp_path / "lena.vcf")).code == 0
    for args in (
        ("May Parker", "--email", "may@example.org", "--nickname", "Aunt May", "--notes", "a;b,c"),
        ("Ben Okafor", "--phone", "+14155550101", "--org", "Globex, Inc.", "--role", "VP, Sales"),
    ):
        assert kith("person", "add", *args).code == 0
    assert kith("tie", "add", "May Parker", "Ben Okafor", "--kind", "neighbour").code == 0
    assert kith("tie", "add", "Alex Morgan", "May Parker", "--kind", "aunt").code == 0


def _people_and_ties(url: str) -> tuple[dict[str, Any], set[tuple[str, ...]]]:
    app = App(Settings(url))
    try:
        with app.uow() as uow:
            # A card has one note: the dated notes are compared as the one they export to.
            people = {p.id: p for p in with_notes(uow.people.all(), uow.edits.all_notes())}
            ties = {
                (*sorted((people[x.person_a].display_name, people[x.person_b].display_name)), k)
                for x in uow.ties.all()
                for k in sorted(k.kind for k in x.kinds) or [""]
            }
        return {p.display_name: _comparable(p) for p in people.values()}, ties
    finally:
        app.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_network_exported_imports_as_the_same_people_and_ties(
    kith: Any, db_url: str, tmp_path: Path, fmt: str
) -> None:
    _build(kith, tmp_path)
    people, ties = _people_and_ties(db_url)
    assert people["Cher"]["parts"] == ("", "", "", "", "")  # a name known only as written
    assert ("Cher", "Lena Fischer", "") in ties and (
        "Lena Fischer",
        "Sam Okafor",
        "brother",
    ) in ties
    out = tmp_path / "export"
    kind, *version = fmt.split()
    assert (
        kith("export", kind, *(["--version", *version] if version else []), "-o", str(out)).code
        == 0
    )
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    if kind == "json":
        assert kith("--db", fresh, "restore", str(out)).code == 0
    else:
        assert kith("--db", fresh, *ME).code == 0
        fmt_option = ["--format", "kithkin" if kind == "csv" else "vcard"]
        result = kith("--db", fresh, "import", str(out), *fmt_option)
        assert result.code == 0, result.err
    again, ties_again = _people_and_ties(fresh)
    if kind == "vcard":  # N is written for programs that need it, and read back
        people["Cher"]["parts"] = ("Cher", "", "", "", "")
        people["Sam Okafor"]["parts"] = ("Sam", "", "Okafor", "", "")
    assert again == people
    if kind == "csv":  # a CSV holds people, not ties: and makes none
        assert ties_again == set()
    else:
        assert ties_again == ties
