"""Made-up names for files of thousands of cards, each unlike its neighbours (as an
address book's are): "Person 1" beside "Person 2" would have every import propose
thousands of merges, which is not what a test of a kill or a full disk is about."""

from __future__ import annotations

SYLLABLES = ["ba", "ko", "ti", "lu", "me", "sa", "ro", "di", "fe", "nu"]


def _word(n: int) -> str:
    return "".join(SYLLABLES[(n // 10**k) % 10] for k in range(4)).capitalize()


def made_up_name(i: int) -> tuple[str, str]:
    """Given and family name of the ``i``-th made-up person (distinct for i < 10,000)."""
    return _word((i * 7919 + 17) % 10**4), _word((i * 7919 + 4001) % 10**4)
