"""Run the demo examples of README.md and docs/*.md and say where the output drifted.

Every ``$ kith …`` line in a fenced block runs on a copy of the demo network (one copy
per file, the commands in the file's order, since some of them write); each output line
printed under a ``$ kith --now 2026-06-01 …`` line in the docs must appear in the real
output (spaces normalised; lines holding ``…`` stand for what the docs leave out).

    python scripts/check_docs.py            # every file
    python scripts/check_docs.py docs/paths.md
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KITH = str(Path(sys.executable).with_name("kith"))
COMMAND = re.compile(r"^\$ (kith .*)$")
SKIP = {"demo", "serve", "sync", "import", "init", "team"}  # build, serve or reach outside


def _squash(line: str) -> str:
    return " ".join(line.split())


def examples(text: str) -> list[tuple[int, str, list[str]]]:
    """(line number, command, expected output lines) of every demo example in ``text``."""
    found: list[tuple[int, str, list[str]]] = []
    in_block = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            in_block = not in_block
            continue
        if not in_block:
            continue
        if line.startswith("$ "):
            match = COMMAND.match(line.split("   #")[0].rstrip())
            found.append((number, match.group(1) if match else "", []))
        elif found and found[-1][1]:
            found[-1][2].append(line)
    return [f for f in found if f[1]]


def check(path: Path, template: Path) -> int:
    drifted = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        shutil.copyfile(template, db)
        env = {**os.environ, "KITHKIN_DATABASE_URL": str(db), "COLUMNS": "100"}
        for number, command, expected in examples(path.read_text()):
            try:
                argv = shlex.split(command)
            except ValueError:  # continued on the next line: not a demo example
                continue
            if "--db" in argv:  # the docs' own file name: the copy stands in for it
                at = argv.index("--db")
                del argv[at : at + 2]
            verb = next((a for a in argv[1:] if not a.startswith("-") and a[0] != "2"), "")
            if verb in SKIP or "--json" in argv or "--ics" in argv or "--png" in argv:
                continue
            run = subprocess.run(  # in the copy's folder: some examples write files
                [KITH, *argv[1:]], capture_output=True, text=True, env=env, check=False, cwd=tmp
            )
            real = {_squash(x) for x in (run.stdout + run.stderr).splitlines()}
            missing = [
                x for x in expected if _squash(x) and _squash(x) not in real and "…" not in x
            ]
            if missing and "--now" in argv:
                drifted += 1
                print(f"{path.relative_to(ROOT)}:{number}: {command}")
                for x in missing[:5]:
                    print(f"    docs say: {x.strip()}")
    return drifted


def main() -> int:
    files = [Path(a).resolve() for a in sys.argv[1:]] or [
        ROOT / "README.md",
        *sorted((ROOT / "docs").glob("*.md")),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "demo.db"
        env = {**os.environ, "KITHKIN_DATABASE_URL": str(template)}
        subprocess.run(
            [KITH, "--now", "2026-06-01", "demo"], env=env, check=True, capture_output=True
        )
        drifted = sum(check(f, template) for f in files)
    print(f"{drifted} example(s) drifted" if drifted else "every demo example matches")
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
