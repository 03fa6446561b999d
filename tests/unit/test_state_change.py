"""The change log's entries: written and read back the same, and only when they fit."""

from __future__ import annotations

from kithkin.store.state import VALUE_LENGTH, Change

TOKEN = "0123456789abcdef0123456789abcdef"


def test_a_change_reads_back_as_written() -> None:
    for change in (
        Change(),
        Change(interactions=(7,)),
        Change(interactions=(7, 12), ties=True),
        Change(favours=True),
        Change(ties=True, favours=True),
    ):
        assert Change.read(change.text(TOKEN)) == (TOKEN, change)


def test_one_logged_interaction_fits_the_column() -> None:
    assert len(Change(interactions=(2**31 - 1,), ties=True).text(TOKEN)) <= VALUE_LENGTH
    assert len(Change(interactions=tuple(range(10**6, 10**6 + 9))).text(TOKEN)) > VALUE_LENGTH
