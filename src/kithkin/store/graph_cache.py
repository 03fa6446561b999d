"""The path graph's persistence: flat tie arrays, and a cached graph file.

A million people and ten million ties do not fit as ``Tie`` objects;
``read_tie_arrays`` reads the tie table in chunks into numpy arrays, which
``insight.graph`` turns into a path graph (the hop probabilities are decided
there). ``load_cached``/``save_cached`` keep a built graph in a file beside an
SQLite database, keyed on the data version (``store.state``), so it is rebuilt after
any write; the file holds data only (see below).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from sqlalchemy import Connection

CHUNK = 500_000


@dataclass(frozen=True)
class TieArrays:
    people: npt.NDArray[np.int64]  # every person id, sorted
    a: npt.NDArray[np.int64]  # node index (into ``people``) of each tie's ends
    b: npt.NDArray[np.int64]
    closeness: npt.NDArray[np.float64]  # nan when not stated
    confidence: npt.NDArray[np.float64]


def read_tie_arrays(conn: Connection) -> TieArrays:
    """Active and paused ties (not those let go) with their stated closeness and confidence."""
    # The driver's own cursor: SQLAlchemy rows cost several times more per row.
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("SELECT id FROM person ORDER BY id")
    people = np.fromiter(chain.from_iterable(cursor.fetchall()), dtype=np.int64)
    cursor.execute(
        "SELECT person_a, person_b, coalesce(closeness, -1), confidence FROM tie "
        "WHERE status <> 'let-go'"
    )
    parts: list[npt.NDArray[np.float64]] = []
    while rows := cursor.fetchmany(CHUNK):
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.float64, count=4 * len(rows))
        parts.append(flat.reshape(-1, 4))
    cursor.close()
    rows_all = np.concatenate(parts) if parts else np.zeros((0, 4))
    closeness = np.where(rows_all[:, 2] < 0, np.nan, rows_all[:, 2])
    a = np.searchsorted(people, rows_all[:, 0].astype(np.int64))
    b = np.searchsorted(people, rows_all[:, 1].astype(np.int64))
    return TieArrays(people, a, b, closeness, rows_all[:, 3])


# -- a cached graph file beside an SQLite database ----------------------------------
#
# The file is an ``.npz`` archive read with ``allow_pickle=False``: numpy arrays, and
# two of them holding JSON text (a header, then the value). Objects are written as
# plain data tagged with their class, and read back only as dataclasses or enums of
# Kithkin's own model, insight and service packages, field by field: nothing in the
# file can run code. A file that is not exactly that (another format, another data
# version, damaged, planted) is ignored.

CACHE_FORMAT = 4  # in the header: a new layout never reads an old file
CACHE_SUFFIX = ".graph-cache"  # the file beside an SQLite database
_ALLOWED = ("kithkin.model", "kithkin.insight", "kithkin.service")
log = logging.getLogger("kithkin.read_model")


def load_cached(path: Path | None, version: str) -> tuple[datetime, Any] | None:
    """(the time it was made for, the value) saved for data ``version``; None when
    there is no such file, it is for another version, or it cannot be read."""
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode())
            if header.get("format") != CACHE_FORMAT or header.get("version") != version:
                return None
            made_at = datetime.fromisoformat(header["made_at"])
            value = _decode(json.loads(bytes(data["body"]).decode()), data)
    except Exception as exc:  # whatever is wrong with a cache, it is no cache
        log.info("ignored %s: %s", path, type(exc).__name__)
        return None
    return made_at, value


def save_cached(target: Path | None, version: str, made_at: datetime, value: Any) -> None:
    """Write atomically; a cache that cannot be written is simply not kept."""
    if target is None:
        return
    arrays: dict[str, npt.NDArray[Any]] = {}
    try:
        body = json.dumps(_encode(value, arrays), separators=(",", ":")).encode()
    except (TypeError, ValueError) as exc:
        log.info("not kept %s: %s", target, exc)
        return
    header = {"format": CACHE_FORMAT, "version": version, "made_at": made_at.isoformat()}
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
            arrays["body"] = np.frombuffer(body, dtype=np.uint8)
            np.savez(fh, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds oddly
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _encode(value: Any, arrays: dict[str, npt.NDArray[Any]]) -> Any:
    if isinstance(value, Enum):  # first: a StrEnum is a str too
        return {"__enum": _name(type(value)), "v": value.value}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_encode(v, arrays) for v in value]
    if isinstance(value, tuple):
        return {"__tuple": [_encode(v, arrays) for v in value]}
    if isinstance(value, frozenset | set):
        return {
            "__set": [_encode(v, arrays) for v in value],
            "frozen": isinstance(value, frozenset),
        }
    if isinstance(value, dict):
        return {"__dict": [[_encode(k, arrays), _encode(v, arrays)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {"__datetime": value.isoformat()}
    if isinstance(value, date):
        return {"__date": value.isoformat()}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise TypeError("an array of objects")
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"__array": key}
    if isinstance(value, csr_matrix):
        parts = [_encode(np.asarray(x), arrays) for x in (value.data, value.indices, value.indptr)]
        return {"__csr": parts, "shape": list(value.shape)}
    cls = type(value)
    if is_dataclass(value) and cls.__module__.startswith(_ALLOWED):
        if "__getstate__" in cls.__dict__:  # the class says what stands for it
            state = cls.__dict__["__getstate__"](value)
            return {"__obj": _name(cls), "state": _encode(state, arrays)}
        found = {f.name: _encode(getattr(value, f.name), arrays) for f in fields(value)}
        return {"__obj": _name(cls), "fields": found}
    raise TypeError(f"cannot store a {cls.__name__}")


def _decode(value: Any, arrays: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v, arrays) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tuple" in value:
        return tuple(_decode(v, arrays) for v in value["__tuple"])
    if "__dict" in value:
        return {_decode(k, arrays): _decode(v, arrays) for k, v in value["__dict"]}
    if "__set" in value:
        items = (_decode(v, arrays) for v in value["__set"])
        return frozenset(items) if value["frozen"] else set(items)
    if "__datetime" in value:
        return datetime.fromisoformat(value["__datetime"])
    if "__date" in value:
        return date.fromisoformat(value["__date"])
    if "__array" in value:
        return np.asarray(arrays[str(value["__array"])])
    if "__csr" in value:
        data, indices, indptr = (_decode(v, arrays) for v in value["__csr"])
        return csr_matrix((data, indices, indptr), shape=tuple(value["shape"]))
    if "__enum" in value:
        kind = _class(value["__enum"])
        if not issubclass(kind, Enum):
            raise ValueError(f"{value['__enum']} is not an enum")
        return kind(value["v"])
    if "__obj" in value:
        return _object(_class(value["__obj"]), value, arrays)
    raise ValueError("an object without a tag")


def _class(name: str) -> type:
    """One of our own dataclasses or enums, by name; nothing else."""
    module, _, qualname = str(name).partition(":")
    if not module.startswith(_ALLOWED) or not qualname.isidentifier():
        raise ValueError(f"{name} is not one of ours")
    found = getattr(importlib.import_module(module), qualname, None)
    if not isinstance(found, type) or not (is_dataclass(found) or issubclass(found, Enum)):
        raise ValueError(f"{name} is not a dataclass or an enum")
    return found


def _object(cls: type, value: dict[str, Any], arrays: Any) -> Any:
    if not is_dataclass(cls):
        raise ValueError(f"{cls.__name__} is not a dataclass")
    obj = cls.__new__(cls)
    if "state" in value:
        restore = cls.__dict__.get("__setstate__")
        if restore is None:
            raise ValueError(f"{cls.__name__} takes no state")
        restore(obj, _decode(value["state"], arrays))
        return obj
    names = {f.name for f in fields(cls)}
    for name, raw in value["fields"].items():
        if name not in names:
            raise ValueError(f"{cls.__name__} has no field {name}")
        object.__setattr__(obj, name, _decode(raw, arrays))
    return obj
