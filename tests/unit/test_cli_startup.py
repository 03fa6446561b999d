"""Start-up of ``kith``: loading the commands, or printing help, pulls in no heavy library.

Every invocation imports every command module, so one top-level import of a
service module (or of numpy, SQLAlchemy…) in ``kithkin.cli`` slows every command,
``--help`` included. These tests look at which modules a fresh interpreter has
loaded, never at the clock.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kithkin.cli import agenda as cli_agenda
from kithkin.cli import demo as cli_demo
from kithkin.cli import discovery as cli_discovery

# Loaded only by the commands that need them: scoring, discovery, import, web, database.
HEAVY = frozenset(
    {
        "alembic",
        "dateparser",
        "fastapi",
        "graspologic_native",
        "icalendar",
        "matplotlib",
        "nameparser",
        "networkx",
        "numpy",
        "phonenumbers",
        "psycopg",
        "rapidfuzz",
        "scipy",
        "sqlalchemy",
        "starlette",
        "uvicorn",
        "vobject",
    }
)

IMPORT_ONLY = "import kithkin.cli.main"
HELP = """
from kithkin.cli.main import run
try:
    run(["--help"])
except SystemExit:
    pass
"""


def _loaded(code: str) -> tuple[set[str], str]:
    """Every module a fresh interpreter has loaded after running ``code``, and what
    ``code`` printed."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    *printed, modules = done.stdout.strip().splitlines()
    return set(json.loads(modules)), "\n".join(printed)


def _heavy_loaded(code: str) -> list[str]:
    """The heavy top-level packages a fresh interpreter has loaded after running ``code``."""
    modules, _ = _loaded(code)
    return sorted({m.split(".")[0] for m in modules} & HEAVY)


def _kith(*args: str) -> str:
    """Code that runs ``kith args`` as the console script does."""
    return f"""
from kithkin.cli.main import run
try:
    run({list(args)!r})
except SystemExit:
    pass
"""


@pytest.mark.parametrize("code", [IMPORT_ONLY, HELP], ids=["import", "help"])
def test_cli_start_up_loads_no_heavy_library(code: str) -> None:
    assert _heavy_loaded(code) == []


def test_probe_sees_a_heavy_import() -> None:
    # The check itself works: a service module that needs numpy is seen loading it.
    assert "numpy" in _heavy_loaded("import kithkin.service.relationships")


def test_repeated_defaults_match_their_source() -> None:
    # The CLI repeats these two defaults rather than import their heavy modules.
    from kithkin.insight.agenda import DEFAULT_LIMIT
    from kithkin.insight.circles import SEED
    from kithkin.service.demo import DEFAULT_SEED

    assert cli_discovery.SEED == SEED
    assert cli_demo.DEFAULT_SEED == DEFAULT_SEED
    assert cli_agenda.DEFAULT_LIMIT == DEFAULT_LIMIT


def test_a_command_on_an_up_to_date_database_loads_no_alembic(tmp_path: Path) -> None:
    db = tmp_path / "kithkin.db"

    def kith(*args: str) -> str:
        return f"""
from kithkin.cli.main import run
try:
    run({["--db", str(db), *args]!r})
except SystemExit:
    pass
"""

    _heavy_loaded(kith("init", "--me", "Ana"))  # creates the schema (with Alembic)
    loaded = _heavy_loaded(kith("person", "list", "--json"))
    assert "sqlalchemy" in loaded  # the command did open the database
    assert "alembic" not in loaded


def test_a_single_user_server_loads_no_team_module(tmp_path: Path) -> None:
    # Refused before it listens (no password for 0.0.0.0), after serve() has loaded
    # everything a single-user server loads besides the web app's routes.
    args = ["--db", str(tmp_path / "k.db"), "serve", "--host", "0.0.0.0", "--no-browser"]
    modules, _ = _loaded(_kith(*args))
    assert "kithkin.web.exposure" in modules  # serve() did run
    team = sorted(m for m in modules if m.startswith(("kithkin.service.team", "kithkin.web.team")))
    assert team == []


# What listing people needs: the database and the scoring. Not paths, discovery, fuzzy
# search, the web app, migrations or progress bars; scipy only to score a network of
# more than ``strength_core.SET_EDGES`` ties.
NOT_FOR_A_LIST = (
    "scipy",
    "rapidfuzz",
    "alembic",
    "fastapi",
    "kithkin.web",
    "kithkin.insight.paths",
    "kithkin.insight.agenda",
    "kithkin.insight.circles",
    "rich.progress",
    "rich._emoji_codes",
    "numpy.ma",
)


@pytest.mark.parametrize("json_output", [False, True], ids=["table", "json"])
def test_listing_the_demo_loads_only_what_a_list_needs(
    demo_sqlite: Path, tmp_path: Path, json_output: bool
) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_sqlite, db)
    args = ["--db", str(db), "--now", "2026-06-01", "person", "list"]
    modules, printed = _loaded(_kith(*args, *(["--json"] if json_output else [])))
    # The command did its work: the whole demo listed, with each person's strength.
    assert ("299 people" in printed) != json_output
    assert "sqlalchemy" in modules and "kithkin.insight.strength_core" in modules
    found = sorted(
        name
        for name in NOT_FOR_A_LIST
        if any(m == name or m.startswith(f"{name}.") for m in modules)
    )
    assert found == []


# What a command looks like to a user: its name, help and options, and those of every
# command under it.
DESCRIBE = """
import json
from typing import Any

import typer.main

from kithkin.cli.root import app


def describe(cmd: Any) -> Any:
    params = [
        [p.opts, p.secondary_opts, getattr(p, "help", None), p.required, str(p.default)]
        for p in cmd.params
    ]
    under = getattr(cmd, "commands", {})
    return [cmd.help, params, {name: describe(under[name]) for name in sorted(under)}]


def describe_all() -> Any:
    root = typer.main.get_command(app)
    return {name: describe(cmd) for name, cmd in root.commands.items()}
"""


# Each module set is imported in a child forked from one interpreter that has loaded only
# what every command line loads (DESCRIBE's imports): the same state as a fresh
# interpreter, without starting one per set.
EACH_ALONE = """
import importlib
import os
import sys

for modules in json.loads(sys.argv[1]):
    read, write = os.pipe()
    if os.fork() == 0:
        os.close(read)
        for name in modules:
            importlib.import_module(f"kithkin.cli.{name}")
        with os.fdopen(write, "w") as out:
            out.write(json.dumps(describe_all()))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        print(answer.read())
    os.wait()
"""


def test_each_command_loads_the_modules_that_make_it_whole() -> None:
    from kithkin.cli.main import COMMAND_HOMES

    whole, _ = _printed(DESCRIBE + "\nfrom kithkin.cli.main import load_commands\nload_commands()")
    assert sorted(whole) == sorted(COMMAND_HOMES)  # every command has its modules named
    by_modules: dict[tuple[str, ...], list[str]] = {}
    for word, modules in COMMAND_HOMES.items():
        by_modules.setdefault(modules, []).append(word)
    sets = list(by_modules)
    done = subprocess.run(
        [sys.executable, "-c", DESCRIBE + EACH_ALONE, json.dumps(sets)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    answers = done.stdout.strip().splitlines()
    assert len(answers) == len(sets), done.stderr
    for modules, answer in zip(sets, answers, strict=True):
        alone = json.loads(answer)
        for word in by_modules[modules]:
            assert alone.get(word) == whole[word], (word, modules)


def _printed(code: str) -> tuple[dict[str, object], str]:
    """What ``describe_all()`` gives after ``code`` ran in a fresh interpreter."""
    probe = code + "\nprint(json.dumps(describe_all()))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    described: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return described, done.stdout


def test_a_command_line_is_read_past_the_global_options() -> None:
    import typer.main

    from kithkin.cli.main import VALUED_OPTIONS, command_word
    from kithkin.cli.root import app

    root = typer.main.get_command(app)
    valued = {opt for p in root.params if not getattr(p, "is_flag", False) for opt in p.opts}
    assert valued == set(VALUED_OPTIONS)  # a new global option with a value is skipped too
    assert command_word(["--db", "x.db", "--now", "2026-06-01", "person", "list"]) == "person"
    assert command_word(["--debug", "agenda", "--help"]) == "agenda"
    assert command_word(["--db=x.db", "tie", "list"]) == "tie"
    assert command_word(["--help"]) is None
    assert command_word(["--db", "x.db"]) is None
    assert command_word([]) is None
