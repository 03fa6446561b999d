"""Runaway files: each imports in seconds with bounded memory, against the code of a baseline.

Writes, in a temporary folder, the inputs that once ran away:

- ``secondly.ics``: one meeting with ``RRULE:FREQ=SECONDLY`` and no end;
- ``minutely.ics``: one meeting with ``RRULE:FREQ=MINUTELY`` and no end;
- ``hourly.ics``: one meeting with ``RRULE:FREQ=HOURLY`` and no end;
- ``photo-2mb.vcf`` and ``photo-20mb.vcf``: one card whose ``PHOTO`` is folded
  over 75-character lines (2 MB and 20 MB of base64);

then runs ``kith import`` on each in a fresh process over a fresh SQLite file, once
with this checkout and once with the source of ``--baseline`` (a git revision,
extracted with ``git archive``; default: ``main``), and reports each run's
wall-clock seconds and peak resident memory (``ru_maxrss`` of the child). A run
past ``--timeout`` seconds is stopped and shown as ``>timeout``. The ratio column
is baseline / this checkout. Medians of ``--repeat`` runs.

    .venv/bin/python benchmarks/runaway_imports.py [--baseline main] [--timeout 120] [--json]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//runaway//EN\r\nBEGIN:VEVENT\r\n"
    "UID:runaway-{freq}@example.com\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART:20240101T090000Z\r\nDURATION:PT1M\r\nRRULE:FREQ={freq}\r\nSUMMARY:Runaway\r\n"
    "ORGANIZER;CN=Alex Morgan:mailto:alex.morgan@example.com\r\n"
    "ATTENDEE;CN=Wei Chen:mailto:wei.chen@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def write_inputs(folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        path = folder / f"{freq.lower()}.ics"
        path.write_text(EVENT.format(freq=freq), encoding="utf-8")
        files[path.name] = path
    for megabytes in (2, 20):
        path = folder / f"photo-{megabytes}mb.vcf"
        data = base64.b64encode(os.urandom(megabytes * 1024 * 1024 * 3 // 4)).decode()
        folded = "\r\n ".join(data[i : i + 74] for i in range(0, len(data), 74))
        path.write_text(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\n"
            "EMAIL:priya.raman@example.com\r\n"
            f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n",
            encoding="utf-8",
        )
        files[path.name] = path
    return files


def extract(revision: str, folder: Path) -> Path:
    """The ``src`` folder of ``revision``, written under ``folder``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def run_once(src: Path, file: Path, folder: Path, timeout: float) -> tuple[float, float, str]:
    """(seconds, peak MB, last line of output) of one ``kith import`` in a fresh process."""
    db = folder / f"run-{time.monotonic_ns()}.db"
    env = {**os.environ, "PYTHONPATH": str(src), "KITHKIN_DATABASE_URL": f"sqlite:///{db}"}
    code = "from kithkin.cli.main import run; run()"
    args = [sys.executable, "-c", code, "import", str(file), "--me", "alex.morgan@example.com"]
    log = folder / "out.txt"
    started = time.monotonic()
    with log.open("w") as out:
        child = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
        said = ""
        while True:
            # wait4 rather than wait: it gives the child's own peak memory (ru_maxrss).
            pid, _, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                said = f"stopped after {timeout:g} s"
                break
            time.sleep(0.05)
        child.returncode = 0  # reaped above; keeps Popen from waiting on it again
    seconds = time.monotonic() - started
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    return seconds, usage.ru_maxrss / 1024, said or (lines[0] if lines else "")[:150]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare against")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kithkin-runaway-") as tmp:
        folder = Path(tmp)
        files = write_inputs(folder)
        (folder / "base").mkdir()
        sides = {"this": ROOT / "src", "baseline": extract(options.baseline, folder / "base")}
        for name, file in files.items():
            row: dict[str, Any] = {"file": name, "bytes": file.stat().st_size}
            for side, src in sides.items():
                runs = [run_once(src, file, folder, options.timeout) for _ in range(options.repeat)]
                row[f"{side}_seconds"] = statistics.median(r[0] for r in runs)
                row[f"{side}_peak_mb"] = statistics.median(r[1] for r in runs)
                row[f"{side}_said"] = runs[-1][2]
            results.append(row)
    if options.json:
        print(json.dumps(results, indent=2))
        return
    print(f"baseline: {options.baseline}; runs stopped at {options.timeout:g} s")
    print(f"{'file':<16}{'this s':>9}{'this MB':>9}{'base s':>10}{'base MB':>9}{'ratio':>8}")
    for row in results:
        base = row["baseline_seconds"]
        shown = f">{options.timeout:g}" if base >= options.timeout else f"{base:.1f}"
        print(
            f"{row['file']:<16}{row['this_seconds']:>9.1f}{row['this_peak_mb']:>9.0f}"
            f"{shown:>10}{row['baseline_peak_mb']:>9.0f}{base / row['this_seconds']:>8.1f}"
        )
    for row in results:
        print(f"{row['file']}: this: {row['this_said']}")
        print(f"{row['file']}: baseline: {row['baseline_said']}")


if __name__ == "__main__":
    main()
