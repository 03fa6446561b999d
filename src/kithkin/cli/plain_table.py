"""Long tables of plain text, drawn exactly as a Rich ``Table`` draws them, for less.

Rich renders every cell of a table through its whole machinery (markup, padding,
segments cropped and padded line by line), after measuring every cell to size the
columns: for the 299 people of the demo that was a quarter of ``kith person list``'s
CPU time. ``PlainTable`` asks Rich only what decides the picture and draws the rest
itself:

- the column widths, from a Rich table holding, per column, just the cell with the
  longest word and the cell with the longest line (the only two a column's measure
  depends on);
- the title, the top border and the header row, from a Rich table with those widths
  and no rows (they carry the only styles: a plain row has none);
- each body cell, with Rich's own wrapping (``Text.wrap``) when it does not fit on
  one line, and by padding it when it does.

A table whose cells hold markup or emoji codes, or a console too narrow to draw the
table with its padding, is handed to Rich as it is. ``tests/unit/test_plain_table.py``
compares the output with Rich's, in and out of a terminal, at many widths.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from rich import box
from rich.cells import cell_len
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

Justify = Literal["left", "right"]
BOX = box.HEAVY_HEAD  # Rich's default for a table
# What Rich reads as an emoji code (rich._emoji_replace) or the start of markup.
_RICH_SYNTAX = re.compile(r"\[|:\S*?:")


class PlainTable:
    """A table of plain text cells, printed with ``console.print`` like a Rich table."""

    def __init__(
        self, title: str, headers: Sequence[str], justify: Sequence[Justify], rows: list[list[str]]
    ) -> None:
        self.title = title
        self.headers = list(headers)
        self.justify = list(justify)
        self.rows = rows

    def rich_table(
        self, widths: Sequence[int] | None = None, with_rows: bool = True, plain: bool = False
    ) -> Table:
        """The Rich table this one draws like; with ``widths``, those column widths
        (padding excluded). ``plain``: every text is known to hold no markup and no emoji
        code, so it is given as ``Text`` (Rich then skips parsing it, and loading its
        table of emoji)."""
        text: Callable[[str], str | Text] = Text if plain else str
        # Rich gives a title passed as str the style "table.title"; a Text carries its own.
        title = Text(self.title, style="table.title") if plain else self.title
        table = Table(title=title, title_justify="left")
        for n, header in enumerate(self.headers):
            width = widths[n] if widths is not None else None
            table.add_column(text(header), justify=self.justify[n], width=width)
        for cells in self.rows if with_rows else []:
            table.add_row(*map(text, cells))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        texts = [self.title, *self.headers, *(cell for cells in self.rows for cell in cells)]
        if any(_RICH_SYNTAX.search(text) for text in texts):
            yield self.rich_table()  # markup or emoji codes: only Rich knows how they render
            return
        widths = self._widths(console, options)
        if widths is None or min(widths) < 3:
            yield self.rich_table()  # too narrow for a cell and its padding: Rich decides
            return
        drawn = _box(console, options)
        head = list(console.render(self.rich_table([w - 2 for w in widths], False, True), options))
        bottom = drawn.get_bottom(widths)
        if len(head) < 2 or head[-2].text != bottom:
            yield self.rich_table()
            return
        yield from head[:-2]  # title, top border, header row and the rule under it
        for k, cells in enumerate(self.rows):
            edge = (drawn.foot_left, drawn.foot_vertical, drawn.foot_right)
            if k < len(self.rows) - 1:
                edge = (drawn.mid_left, drawn.mid_vertical, drawn.mid_right)
            left, divider, right = edge
            drawn_cells = [
                _cell(console, cell, width, justify)
                for cell, width, justify in zip(cells, widths, self.justify, strict=True)
            ]
            height = max(len(lines) for lines in drawn_cells)
            for line in range(height):
                parts = [
                    lines[line] if line < len(lines) else " " * width
                    for lines, width in zip(drawn_cells, widths, strict=True)
                ]
                yield Segment(left + divider.join(parts) + right)
                yield Segment.line()
        yield from head[-2:]

    def _widths(self, console: Console, options: ConsoleOptions) -> list[int] | None:
        """Rich's column widths (padding included), from a table of the cells that decide
        them: per column, the one with the longest word and the one with the longest line."""
        if not self.rows:
            return None
        longest_word: list[tuple[int, str]] = [(-1, "")] * len(self.headers)
        longest_line: list[tuple[int, str]] = [(-1, "")] * len(self.headers)
        for cells in self.rows:
            for n, cell in enumerate(cells):
                word, line = _measure(cell)
                if word > longest_word[n][0]:
                    longest_word[n] = (word, cell)
                if line > longest_line[n][0]:
                    longest_line[n] = (line, cell)
        deciding = [[c for _, c in longest_word], [c for _, c in longest_line]]
        sizing = PlainTable("", self.headers, self.justify, deciding).rich_table(plain=True)
        sizing.title = None
        top = ""
        for segment in console.render(sizing, options):
            if segment.text == "\n":
                break
            top += segment.text
        drawn = _box(console, options)
        if len(top) < 2 or top[0] != drawn.top_left or top[-1] != drawn.top_right:
            return None
        widths = [len(part) for part in top[1:-1].split(drawn.top_divider)]
        return widths if len(widths) == len(self.headers) else None


def _box(console: Console, options: ConsoleOptions) -> box.Box:
    """The box Rich draws with on this console (ASCII where Unicode cannot be shown)."""
    return BOX.substitute(options, safe=console.safe_box)


@lru_cache(maxsize=4096)
def _measure(cell: str) -> tuple[int, int]:
    """Rich's measure of a text: its longest word and its longest line, in cells."""
    plain = cell if cell.isprintable() else Text(cell).plain
    lines = plain.splitlines()
    line = max((cell_len(text) for text in lines), default=0)
    words = plain.split()
    return max((cell_len(word) for word in words), default=line), line


@lru_cache(maxsize=4096)
def _cell(console: Console, cell: str, width: int, justify: Justify) -> list[str]:
    """The lines of one cell ``width`` wide, its padding of one space a side included."""
    inner = width - 2
    if cell.isprintable() and cell_len(cell) <= inner:
        # One line: Rich pads it on the side away from its justification (a right-justified
        # line loses its trailing spaces first).
        if justify == "right":
            text = cell.rstrip()
            return [" " + " " * (inner - cell_len(text)) + text + " "]
        return [" " + cell + " " * (inner - cell_len(cell)) + " "]
    lines = Text(cell).wrap(console, inner, justify=justify, overflow="ellipsis")
    return [" " + _fit(line.plain, inner) + " " for line in lines]


def _fit(text: str, width: int) -> str:
    """``text`` cropped or padded to ``width`` cells, as Rich does to every line of a cell."""
    length = cell_len(text)
    if length < width:
        return text + " " * (width - length)
    if length > width:
        from rich.cells import set_cell_size

        return set_cell_size(text, width)
    return text
