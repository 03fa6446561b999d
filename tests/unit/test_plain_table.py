"""``PlainTable`` prints exactly what the Rich table it stands for prints.

Each case is printed twice on the same kind of console, once as ``PlainTable`` and
once as the Rich ``Table`` with the same title, columns and rows, and the two texts
must be equal: in a terminal (styles as escape codes) and out of one, with and
without soft wrapping, with Unicode and with ASCII boxes, at many widths.
"""

from __future__ import annotations

import io
import random

import pytest
from rich.console import Console

from kithkin.cli.plain_table import Justify, PlainTable

HEADERS = ["#", "name", "organisation", "circles", "tier", "strength"]
JUSTIFY: list[Justify] = ["right", "left", "left", "left", "left", "right"]
WORDS = [
    "Ann",
    "Okafor",
    "Senior",
    "Software",
    "Engineer",
    "at",
    "Globex",
    "work:Northwind",
    "community:Riverside",
    "Runners,",
    "Zoë",
    "李小龍",  # two cells per character
    "Überlongunbreakablewordthatfitsnowhere",
    "",
    " ",
    "a\u00a0b",  # a no-break space: not printable, wrapped by Rich itself
    "tab\there",
    "x" * 30,
]


def _cell(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6)))


def _rows(seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        strength = rng.choice(["", f"{rng.random():.2f}", "0.30 "])
        tier = rng.choice(["", "inner", "acquaintance", "no tie with you"])
        rows.append([str(n + 1), _cell(rng), _cell(rng), _cell(rng), tier, strength])
    return rows


class _AsciiFile(io.StringIO):
    encoding = "ascii"  # Rich draws ASCII boxes where Unicode cannot be shown


def _printed(table: object, width: int, terminal: bool, soft_wrap: bool, ascii_only: bool) -> str:
    out = _AsciiFile() if ascii_only else io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=terminal,
        color_system="truecolor" if terminal else None,
        highlight=False,
        soft_wrap=soft_wrap,
    )
    console.print(table)
    return out.getvalue()


CASES = [
    (seed, count) for seed, count in [(1, 1), (2, 2), (3, 12), (4, 40), (5, 0), (6, 3), (7, 25)]
]
WIDTHS = [8, 30, 57, 80, 132]


# The eight kinds of console: in a terminal or not, soft wrapping or not, ASCII or not.
CONSOLES = [(t, w, a) for t in (False, True) for w in (True, False) for a in (False, True)]


def _prints_of(seed: int) -> list[tuple[int, bool, bool, bool]]:
    """Two opposite consoles per width, turning with the case: over the cases every width
    meets every kind of console, at a quarter of the printing."""
    return [
        (width, *CONSOLES[k % len(CONSOLES)])
        for n, width in enumerate(WIDTHS)
        for k in (n + seed, n + seed + 4)
    ]


@pytest.mark.parametrize(("seed", "count"), CASES)
def test_plain_table_prints_what_rich_prints(seed: int, count: int) -> None:
    table = PlainTable(f"{count} people", HEADERS, JUSTIFY, _rows(seed, count))
    for how in _prints_of(seed):
        mine = _printed(table, *how)
        rich = _printed(table.rich_table(), *how)
        assert mine == rich, how


def test_the_cases_meet_every_console_at_every_width() -> None:
    met = {how for seed, _ in CASES for how in _prints_of(seed)}
    assert len(met) == len(WIDTHS) * len(CONSOLES)


def test_markup_and_emoji_codes_are_left_to_rich() -> None:
    # Rich reads "[bold]" as a style and ":smile:" as an emoji: those cells are its to draw.
    rows = [["1", "[bold]Ann[/bold]", "Globex", "", "", ""], ["2", "Ben :smile:", "", "", "", ""]]
    table = PlainTable("2 people", HEADERS, JUSTIFY, rows)
    for width in (30, 80):
        mine = _printed(table, width, True, True, False)
        assert mine == _printed(table.rich_table(), width, True, True, False)
        assert "[bold]" not in mine and ":smile:" not in mine


def test_plain_cells_take_the_quick_path() -> None:
    # Plain cells at 80 columns are drawn here, not handed over to a Rich table.
    table = PlainTable("3 people", HEADERS, JUSTIFY, _rows(9, 3))
    console = Console(file=io.StringIO(), width=80, highlight=False, soft_wrap=True)
    rendered = list(table.__rich_console__(console, console.options))
    assert all(not hasattr(item, "add_row") for item in rendered)
