"""``kith import`` loads what importing needs, not the scoring libraries.

Start-up is part of what a user waits for on every import; numpy and scipy
alone take a few tenths of a second to load and an import never scores.
"""

from __future__ import annotations

import json
import subprocess
import sys

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
