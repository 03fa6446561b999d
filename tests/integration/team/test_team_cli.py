"""``kith team …`` and ``kith --member …`` as a user types them, against a real PostgreSQL
team: one JSON answer per command, one line and a non-zero exit for a mistake."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kithkin.cli.main import run

pytestmark = pytest.mark.postgres
SAMPLES = Path(__file__).parents[2] / "data" / "samples"
PW = "correct horse battery\n"


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.code == 0, self.err
        return json.loads(self.out)


@pytest.fixture
def kith(team_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    monkeypatch.setenv("KITHKIN_DATABASE_URL", team_url)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("KITHKIN_DEBUG", raising=False)

    def call(*args: str, stdin: str = "") -> Ran:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                run(["--now", "2026-06-01", *args])
            except SystemExit as exc:
                code = int(exc.code or 0)
        return Ran(code, out.getvalue(), err.getvalue())

    return call


def test_a_team_from_the_command_line(kith: Callable[..., Ran]) -> None:
    started = kith(
        "team", "init", "--admin", "ada@example.com", "--name", "Ada", "--password-stdin",
        "--json", stdin=PW,
    )  # fmt: skip
    assert started.json()["role"] == "admin"
    for email, name in [("alex.morgan@example.com", "Alex Morgan"), ("ana@example.com", "Ana")]:
        added = kith("team", "add-member", email, "--name", name, "--password-stdin", stdin=PW)
        assert added.code == 0, added.err
    files = [str(p) for p in sorted(SAMPLES.rglob("*")) if p.is_file() and p.suffix != ".md"]
    imported = kith(
        "--member", "alex.morgan@example.com", "import", *files, "--me",
        "alex.morgan@example.com", "--region", "US",
    )  # fmt: skip
    assert imported.code == 0, imported.err
    # The member's network is the single-user product: any command runs on it.
    people = kith("--member", "alex.morgan@example.com", "person", "list", "--json").json()
    assert "Wei Chen" in {r["person"]["display_name"] for r in people["rows"]}
    assert kith("--member", "ana@example.com", "person", "list", "--json").json()["rows"] == []
    # The import changed Alex's network, so Alex's shared summary was published again.
    reach = kith("team", "reach", "--as", "ana@example.com", "Contoso", "--json").json()
    assert [(r["member_name"], r["own"]) for r in reach["routes"]] == [("Alex Morgan", False)]
    assert "Wei Chen" not in json.dumps(reach) and "Okafor" not in json.dumps(reach)

    published = kith("team", "publish", "--as", "alex.morgan@example.com")
    assert published.code == 0 and "Shared 7 organisations" in published.out

    asked = kith(
        "team", "request", "--as", "ana@example.com", "--to", "alex.morgan@example.com",
        "Contoso", "--why", "the data role", "--json",
    ).json()  # fmt: skip
    waiting = kith("team", "requests", "--as", "alex.morgan@example.com", "--json").json()
    assert [r["id"] for r in waiting["incoming"]] == [asked["id"]]
    answered = kith("team", "answer", "--as", "alex.morgan@example.com", str(asked["id"]), "accept")
    assert answered.code == 0 and "Contoso" in answered.out
    mine = kith("team", "requests", "--as", "ana@example.com", "--json").json()["outgoing"]
    assert mine[0]["status"] == "accepted" and mine[0]["contact"]
    audit = kith("team", "audit", "--as", "ada@example.com", "--json").json()
    assert {"reach.searched", "request.asked", "request.accepted"} <= {e["action"] for e in audit}


def test_mistakes_are_one_line_and_a_non_zero_exit(
    kith: Callable[..., Ran], tmp_path: Path
) -> None:
    sqlite = kith(
        "team", "init", "--db", str(tmp_path / "x.db"), "--admin", "a@example.com", "--name",
        "A", "--password-stdin", stdin=PW,
    )  # fmt: skip
    assert sqlite.code == 5 and "needs a PostgreSQL database" in sqlite.err
    assert len(sqlite.err.strip().splitlines()) == 1
    no_team = kith("team", "members")
    assert no_team.code == 5 and "kith team init" in no_team.err
    kith("team", "init", "--admin", "a@example.com", "--name", "A", "--password-stdin", stdin=PW)
    nobody = kith("--member", "nobody@example.com", "person", "list")
    assert nobody.code == 3 and "no account" in nobody.err
    short = kith(
        "team", "add-member", "b@example.com", "--name", "B", "--password-stdin", stdin="x\n"
    )
    assert short.code == 2 and "characters long" in short.err
    wrong = kith("team", "answer", "--as", "a@example.com", "1", "maybe")
    assert wrong.code == 2 and "accept, decline, ignore" in wrong.err
    # A member's network may change its rows but never empty its tables (that would pass
    # by row-level security): the demo is built, not replaced.
    assert kith("--member", "a@example.com", "demo").code == 0
    replaced = kith("--member", "a@example.com", "demo", "--replace")
    assert replaced.code == 6 and "not empty or alter its tables" in replaced.err
    assert len(replaced.err.strip().splitlines()) == 1
