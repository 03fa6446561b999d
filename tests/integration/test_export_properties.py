"""Property tests: a vCard export reads back to the same people; a JSON backup restores exactly."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from kithkin.ingest.detect import parse_file
from kithkin.ingest.records import PersonRecord
from kithkin.model import Affiliation, Birthday, Email, Person, Phone
from kithkin.service.app import App
from kithkin.service.backup import backup_data, export_json, restore_backup
from kithkin.service.export import vcard
from kithkin.service.import_people import person_from
from kithkin.store import Settings
from kithkin.store import schema as t

LETTERS = "abcdefghijklmnopqrstuvwxyzéüøñçABCDEFGHIJKLMNOPQRSTUVWXYZÉÜØ'-"
word = st.text(LETTERS, min_size=1, max_size=12).filter(lambda w: w.strip("'-") == w)
phrase = st.lists(word, min_size=1, max_size=4).map(" ".join)
# Free text with the characters vCard must escape: , ; \ and newlines.
free_text = st.lists(
    st.one_of(word, st.sampled_from([",", ";", "\\", "\n", "; ", ", ", ":", "✓"])),
    min_size=1,
    max_size=12,
).map(lambda parts: " ".join(parts).strip())


@st.composite
def people(draw: st.DrawFn) -> Person:
    given_name, family = draw(word), draw(word)
    emails = draw(
        st.lists(
            st.builds(
                lambda user, host, label: Email(f"{user}@{host}.example", label),
                st.text("abcdefghij0123456789.", min_size=1, max_size=10).filter(
                    lambda u: not u.startswith(".") and not u.endswith(".") and ".." not in u
                ),
                st.text("abcdefghij", min_size=1, max_size=8),
                st.sampled_from(["", "home", "work"]),
            ),
            max_size=3,
            unique_by=lambda e: e.address,
        )
    )
    phones = draw(
        st.lists(
            st.builds(
                lambda n, label: Phone(f"+1415555{n:04d}", label),
                st.integers(0, 9999),
                st.sampled_from(["", "home", "work", "mobile"]),
            ),
            max_size=2,
            unique_by=lambda p: p.number,
        )
    )
    org = draw(st.none() | st.tuples(phrase, st.sampled_from(["", "Engineer", "VP, Sales"])))
    return Person(
        display_name=f"{given_name} {family}",
        given_name=given_name,
        family_name=family,
        nicknames=draw(st.lists(phrase, max_size=2, unique=True)),
        emails=emails,
        phones=phones,
        affiliations=[Affiliation(org[0], org[1])] if org else [],
        location=draw(st.sampled_from(["", "Springfield", "Queens, NY, US"])),
        birthday=draw(
            st.none()
            | st.builds(
                Birthday,
                month=st.integers(1, 12),
                day=st.integers(1, 28),
                year=st.none() | st.integers(1920, 2020),
            )
        ),
        circles=sorted(draw(st.sets(st.sampled_from(["family", "friends", "work:acme"])))),
        links=draw(st.lists(st.just("https://example.org/p?q=1"), max_size=1)),
        skills=draw(st.lists(phrase, max_size=3, unique=True)),
        notes=draw(st.just("") | free_text),
    )


def _same(a: Person, b: Person) -> None:
    assert b.display_name == a.display_name
    assert (b.given_name, b.family_name) == (a.given_name, a.family_name)
    assert b.nicknames == a.nicknames
    assert b.emails == a.emails
    assert b.phones == a.phones
    assert [(x.organisation, x.role) for x in b.affiliations] == [
        (x.organisation, x.role) for x in a.affiliations
    ]
    assert (b.location, b.birthday, b.circles, b.links) == (
        a.location,
        a.birthday,
        a.circles,
        a.links,
    )
    assert b.skills == a.skills
    assert b.notes == a.notes


@settings(max_examples=40, deadline=None)
@given(st.lists(people(), min_size=1, max_size=5), st.sampled_from(["3.0", "4.0"]))
def test_vcard_export_reads_back_losslessly(everyone: list[Person], version: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.vcf"
        path.write_text("".join(vcard(p, version, []) for p in everyone), encoding="utf-8")
        records = list(parse_file(path, "vcard"))
    assert all(isinstance(r, PersonRecord) for r in records)
    back = [person_from(r, "US") for r in records if isinstance(r, PersonRecord)]
    assert len(back) == len(everyone)
    for original, read in zip(everyone, back, strict=True):
        _same(original, read)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(people(), min_size=1, max_size=6, unique_by=lambda p: p.display_name))
def test_json_backup_restores_exactly(tmp_path: Path, everyone: list[Person]) -> None:
    source = App(Settings(f"sqlite:///{tmp_path / 'source.db'}"))
    target = App(Settings(f"sqlite:///{tmp_path / 'target.db'}"))
    try:
        for app in (source, target):  # the same two databases serve every example
            with app.uow() as uow:
                for table in reversed(t.metadata.sorted_tables):
                    uow.conn.execute(delete(table))
                uow.commit()
        with source.uow() as uow:
            for p in everyone:
                uow.people.add(copy.deepcopy(p), source.now())
            uow.commit()
        export_json(source, tmp_path / "backup.json")
        restore_backup(target, tmp_path / "backup.json")
        with source.uow() as a, target.uow() as b:
            assert backup_data(a) == backup_data(b)
    finally:
        source.close()
        target.close()
