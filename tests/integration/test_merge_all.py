"""``kith merge --review --accept-all``: every proposal in one transaction, all or none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kithkin.service import merging
from kithkin.service.app import App
from kithkin.service.backup import backup_data


def _pairs(tmp_path: Path, names: list[str]) -> Path:
    """Two cards per name with different addresses: an import proposes each pair."""
    cards = []
    for i, name in enumerate(names):
        given, family = name.split()
        for side in ("home", "work"):
            cards.append(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:{family};{given};;;\r\n"
                f"EMAIL:{given.lower()}{i}@{side}.example\r\nEND:VCARD\r\n"
            )
    path = tmp_path / "pairs.vcf"
    path.write_text("".join(cards), encoding="utf-8")
    return path


NAMES = ["Priya Raman", "Wei Chen", "Lena Fischer", "Daniel Okafor", "Chris Doyle"]


class Interrupted(Exception):
    pass


def test_an_interrupted_accept_all_keeps_nothing(kith: Any, app: App, tmp_path: Path) -> None:
    assert kith("import", str(_pairs(tmp_path, NAMES)), "--me", "alex@example.com").code == 0
    proposals = merging.list_proposals(app)
    assert len(proposals) == len(NAMES)
    with app.uow() as uow:
        before = backup_data(uow)["tables"]
    seen: list[tuple[int, int]] = []

    def stop_after_two(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:
            raise Interrupted  # as a kill would, half way through

    with pytest.raises(Interrupted):
        merging.accept_all(app, stop_after_two)
    assert seen == [(1, len(NAMES)), (2, len(NAMES))]
    with app.uow() as uow:
        assert backup_data(uow)["tables"] == before  # not one of the merges was kept
    assert len(merging.list_proposals(app)) == len(NAMES)

    result = kith("merge", "--review", "--accept-all", "--json")
    assert result.code == 0, result.err
    merged = json.loads(result.out)
    assert sorted(m["kept_name"] for m in merged) == sorted(NAMES)
    assert merging.list_proposals(app) == []
    with app.uow() as uow:
        people = [p for p in uow.people.all() if not p.is_me]
    assert sorted(p.display_name for p in people) == sorted(NAMES)
    assert all(len(p.emails) == 2 for p in people)
    # Every merge is in the log and can be undone one by one.
    assert kith("unmerge", "Wei Chen").code == 0
    with app.uow() as uow:
        assert sum(p.display_name == "Wei Chen" for p in uow.people.all()) == 2


def test_accept_all_follows_proposals_that_earlier_merges_moved(
    kith: Any, app: App, tmp_path: Path
) -> None:
    # Three cards of one person: three pairwise proposals, two merges make them one.
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\n"
        f"EMAIL:priya@{side}.example\r\nEND:VCARD\r\n"
        for side in ("home", "work", "school")
    )
    (tmp_path / "three.vcf").write_text(cards, encoding="utf-8")
    assert kith("import", str(tmp_path / "three.vcf")).code == 0
    assert len(merging.list_proposals(app)) == 3
    done = merging.accept_all(app)
    assert len(done) == 2
    with app.uow() as uow:
        (priya,) = [p for p in uow.people.all() if p.display_name == "Priya Raman"]
    assert sorted(e.address for e in priya.emails) == [
        "priya@home.example",
        "priya@school.example",
        "priya@work.example",
    ]
    assert kith("merge", "--review", "--accept-all").out.strip() == "Nothing to merge."
