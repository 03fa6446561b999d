"""``Interaction.stored``: a row read back from the store becomes the same object the
constructor makes, cleaned or refused the same way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kithkin.errors import InvalidInput
from kithkin.model import Channel, Interaction
from kithkin.model.values import KEY

WHEN = datetime(2026, 6, 1, 12, tzinfo=UTC)
_TEXT = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.sampled_from(["a\r\nb", "tab\there", "bell\x07", "line\nfeed", "x" * (KEY + 1)]),
)


def _made(make: object, row: tuple[object, ...]) -> Interaction | str:
    try:
        return make(*row)  # type: ignore[operator,no-any-return]
    except InvalidInput as e:
        return f"refused: {e}"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=4),
    st.one_of(st.none(), st.integers(1, 5)),
    st.sampled_from([None, True, False]),
    _TEXT,
    _TEXT,
)
def test_a_stored_row_is_the_interaction_the_constructor_makes(
    people: list[int], initiator: int | None, answered: bool | None, note: str, external: str
) -> None:
    row = (7, WHEN, Channel.EMAIL, people, initiator, answered, note, external)
    made = _made(lambda *r: Interaction(r[1], r[2], list(r[3]), r[0], r[4], r[5], r[6], r[7]), row)
    stored = _made(Interaction.stored, (*row[:3], list(people), *row[4:]))
    assert stored == made


def test_a_stored_row_needing_cleaning_is_cleaned() -> None:
    it = Interaction.stored(1, WHEN, Channel.CALL, [1, 2], 1, None, "a\r\nb\x07", "id\tx")
    assert (it.note, it.external_id) == ("a\nb", "id x")
    with pytest.raises(InvalidInput):
        Interaction.stored(1, WHEN, Channel.CALL, [1, 2], 3, None, "", "")
