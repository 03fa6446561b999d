"""JSON text of plain values, many at a time, the same as ``json.dumps`` gives.

``json.dumps`` builds a new encoder on every call; a bulk write or a content
hash over tens of thousands of records pays for that each time. The C encoder
is made once here (no circular check: the values are plain lists and dicts);
without the C speed-ups, the plain encoder gives the same text.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable


def json_encoder(ensure_ascii: bool = True) -> Callable[[object], str]:
    """``json.dumps(value, ensure_ascii=ensure_ascii)``, with one encoder for every call."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=ensure_ascii).encode
    chunks = make(
        None,  # no circular check
        json.JSONEncoder().default,
        json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring,
        None,  # no indent
        ": ",
        ", ",
        False,  # sort_keys
        False,  # skipkeys
        True,  # allow_nan
    )
    return lambda value: "".join(chunks(value, 0))
