"""``Tie.stored`` and ``TieKind.stored``: a row read back from the store becomes the same
object the constructor makes, cleaned or refused the same way."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kithkin.errors import InvalidInput
from kithkin.model import Tie, TieKind, TieSource, TieStatus
from kithkin.model.values import NAME_PART

_TEXT = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.sampled_from(["a\r\nb", "tab\there", "bell\x07", "line\nfeed", "x" * (NAME_PART + 1)]),
)


def _made(make: object, *row: object) -> object:
    try:
        return make(*row)  # type: ignore[operator]
    except InvalidInput as e:
        return f"refused: {e}"


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(list(TieSource)), st.floats(0, 1), _TEXT)
def test_a_stored_kind_is_the_kind_the_constructor_makes(
    kind: str, source: TieSource, confidence: float, evidence: str
) -> None:
    row = (kind, source, confidence, evidence)
    assert _made(TieKind.stored, *row) == _made(TieKind, *row)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 3),
    st.one_of(st.none(), st.integers(-1, 7)),
    st.one_of(st.floats(-0.5, 1.5), st.just(float("nan"))),
    _TEXT,
    st.sampled_from(list(TieStatus)),
)
def test_a_stored_tie_is_the_tie_the_constructor_makes(
    a: int, b: int, closeness: int | None, confidence: float, evidence: str, status: TieStatus
) -> None:
    kinds = [TieKind("friend")]
    since, snoozed = date(2020, 1, 2), None
    stored = _made(Tie.stored, 9, a, b, list(kinds), closeness, TieSource.IMPORTED, confidence,
                   evidence, since, status, snoozed)  # fmt: skip
    made = _made(Tie, a, b, 9, list(kinds), closeness, TieSource.IMPORTED, confidence, evidence,
                 since, status, snoozed)  # fmt: skip
    assert repr(stored) == repr(made)
