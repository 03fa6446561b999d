"""The report's four charts written directly as SVG: a millisecond, where matplotlib
takes half a second, so the web app can draw them again whenever a figure moves.

The same panels as the PNG (``service.report.report_chart``): people per tier,
reciprocity, reach at one and two hops, and the shares of my ties at risk. Every
bar carries its figure as text, so the chart reads without an axis scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kithkin.insight.report import BALANCED, THEY_OWE, YOU_OWE, NetworkReport

WIDTH, HEIGHT = 1000, 700
TIER_COLOURS = ["#1b5e20", "#388e3c", "#66bb6a", "#a5d6a7", "#cfd8dc", "#90a4ae"]
RECIPROCITY_COLOURS = ["#e57373", "#90a4ae", "#64b5f6"]
ONE_HOP, TWO_HOPS, AT_RISK = "#4db6ac", "#00796b", "#ffb74d"
TEXT = "#1f2933"
AXIS = "#52606d"
# Each panel's box: left, top, width, height (the plotting area inside its margins).
PANELS = [(70, 90, 380, 220), (570, 90, 380, 220), (70, 420, 380, 220), (620, 420, 330, 220)]


def _text(
    x: float, y: float, words: str, size: int = 13, anchor: str = "middle", **extra: str
) -> str:
    attrs = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"'
        f' fill="{TEXT}"{attrs}>{escape(words)}</text>'
    )


def _rect(x: float, y: float, w: float, h: float, colour: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>'


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{AXIS}"/>'


def _columns(
    box: tuple[int, int, int, int],
    title: str,
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], Sequence[str]]],
    slanted: bool = False,
) -> list[str]:
    """Vertical bars: for each group one bar per series (label, values, colours);
    ``slanted`` group names when they are long for their slot."""
    left, top, width, height = box
    out = [_text(left + width / 2, top - 22, title, 15, font_weight="bold")]
    top_value = max((v for _, values, _ in series for v in values), default=0.0)
    scale = height / top_value if top_value > 0 else 0.0
    slot = width / max(len(groups), 1)
    bar = slot * 0.7 / max(len(series), 1)
    base = top + height
    for g, group in enumerate(groups):
        x0 = left + g * slot + slot * 0.15
        for s, (_, values, colours) in enumerate(series):
            value = values[g]
            h = value * scale
            x = x0 + s * bar
            out.append(_rect(x, base - h, bar, h, colours[g % len(colours)]))
            out.append(_text(x + bar / 2, base - h - 4, f"{value:g}", 12))
        x = left + g * slot + slot / 2
        if slanted:
            turn = f"rotate(-30 {x:.1f} {base + 14:.1f})"
            out.append(_text(x + 4, base + 14, group, 12, "end", transform=turn))
        else:
            out.append(_text(x, base + 18, group, 12))
    out.append(_line(left, base, left + width, base))
    if len(series) > 1:  # a legend beside the bars: which bar is which
        for s, (label, _, colours) in enumerate(series):
            y = top + 4 + s * 18
            out.append(_rect(left + width + 12, y, 12, 12, colours[0]))
            out.append(_text(left + width + 30, y + 11, label, 12, "start"))
    return out


def _rows(
    box: tuple[int, int, int, int],
    title: str,
    labels: Sequence[str],
    pcts: Sequence[float],
    shown: Sequence[str],
) -> list[str]:
    """Horizontal bars on a 0-100 % scale, each with its figure beside it."""
    left, top, width, height = box
    out = [_text(left + width / 2, top - 22, title, 15, font_weight="bold")]
    slot = height / max(len(labels), 1)
    for i, (label, pct, words) in enumerate(zip(labels, pcts, shown, strict=True)):
        y = top + i * slot + slot * 0.2
        w = width * min(max(pct, 0.0), 100.0) / 100
        out.append(_rect(left, y, w, slot * 0.6, AT_RISK))
        out.append(_text(left - 8, y + slot * 0.3 + 4, label, 12, "end"))
        out.append(_text(left + w + 6, y + slot * 0.3 + 4, words, 12, "start"))
    out.append(_line(left, top, left, top + height))
    for tick in (0, 25, 50, 75, 100):
        x = left + width * tick / 100
        out.append(_line(x, top + height, x, top + height + 4))
        out.append(_text(x, top + height + 18, str(tick), 11))
    out.append(_text(left + width / 2, top + height + 36, "% of your ties", 12))
    return out


def report_svg(report: NetworkReport) -> bytes:
    """The four panels as one SVG document (the same report gives the same bytes)."""
    names = list(report.per_tier)
    recip = [YOU_OWE, BALANCED, THEY_OWE]
    one = [len(report.one_hop.circles), len(report.one_hop.organisations)]
    two = [len(report.two_hops.circles), len(report.two_hops.organisations)]
    counts = {
        "dormant": report.per_tier["dormant"],
        "acquaintance": report.per_tier["acquaintance"],
        "one-sided": len(report.one_sided),
    }
    pcts = [100 * n / report.ties if report.ties else 0.0 for n in counts.values()]
    shown = [
        f"{n} ({'<1' if 0 < pct < 1 else f'{pct:.0f}'}%)"
        for n, pct in zip(counts.values(), pcts, strict=True)
    ]
    tiers, reciprocity, reach, risk = PANELS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Verdana, sans-serif"'
        ' role="img">',
        f"<title>Network health on {report.now:%Y-%m-%d}</title>",
        _rect(0, 0, WIDTH, HEIGHT, "#ffffff"),
        _text(WIDTH / 2, 32, f"Network health on {report.now:%Y-%m-%d}", 18, font_weight="bold"),
        *_columns(
            tiers,
            f"People per tier ({report.ties} ties)",
            names,
            [("people", [report.per_tier[n] for n in names], TIER_COLOURS)],
            slanted=True,
        ),
        *_columns(
            reciprocity,
            f"Reciprocity (mean balance {report.mean_balance:+.2f})",
            recip,
            [("ties", [report.reciprocity.get(x, 0) for x in recip], RECIPROCITY_COLOURS)],
        ),
        *_columns(
            reach,
            "Reach",
            ["circles", "organisations"],
            [("one hop", one, [ONE_HOP]), ("two hops", two, [TWO_HOPS])],
        ),
        *_rows(risk, "Ties at risk", list(counts), pcts, shown),
        "</svg>",
    ]
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(parts) + "\n").encode()
