"""``kith import`` loads what importing needs, not the scoring libraries.

Start-up is part of what a user waits for on every import; numpy and scipy
alone take a few tenths of a second to load and an import never scores.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCORING = frozenset({"numpy", "scipy", "networkx", "matplotlib", "graspologic_native"})

PROBE = """
import json, sys
from kithkin.cli.main import run
from kithkin.service import importing
from kithkin.service.app import App
print(json.dumps(sorted(sys.modules)))
"""


def test_import_service_loads_no_scoring_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    modules: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted({m.split(".")[0] for m in modules} & SCORING) == []


EXIT_PROBE = """
import gc, sys
from kithkin.cli.main import run
try:
    run(["--db", sys.argv[1], "import", sys.argv[2], "--json"])
except SystemExit as exc:
    assert not exc.code, exc.code
print(gc.get_freeze_count())
"""


def test_import_freezes_the_heap_only_at_exit(tmp_path: Path) -> None:
    # kith spares the interpreter's shutdown collections (gc.freeze at
    # exit) but leaves the collector alone while the process runs on.
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n"
    (tmp_path / "one.vcf").write_text(card, encoding="utf-8")
    args = [str(tmp_path / "k.db"), str(tmp_path / "one.vcf")]
    done = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip().splitlines()[-1] == "0"
