"""``kith report``: the network's health as data, and as a chart image (PNG or SVG)."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Literal

from kithkin.insight.calibration import learned
from kithkin.insight.report import BALANCED, THEY_OWE, YOU_OWE, NetworkReport
from kithkin.service.app import App
from kithkin.service.calibration import stored
from kithkin.service.read_model.report import report_of
from kithkin.service.read_model.scored import Pair, Scored, scored_network
from kithkin.service.read_model.views import kept
from kithkin.service.report_svg import TIER_COLOURS, report_svg

ChartFormat = Literal["png", "svg"]


def chart_of(app: App, fmt: ChartFormat = "svg") -> bytes:
    """The report's chart, kept with the scored network; drawn again only when a
    figure it shows changed (``ChartView``): as SVG that costs a millisecond."""
    return kept(scored_network(app), ChartView(fmt)).image


@dataclass(frozen=True)
class KeptChart:
    shown: tuple[object, ...]  # every figure the chart draws, as it draws it
    image: bytes


@dataclass(frozen=True)
class ChartView:
    """The report's chart as an image (``read_model.views``): after a write the report is
    summed again, and the image drawn again only if what it shows moved."""

    fmt: ChartFormat

    @property
    def key(self) -> tuple[object, ...]:
        return ("report chart", self.fmt)

    def build(self, scored: Scored) -> KeptChart:
        report = report_of(scored)
        return KeptChart(_shown(report), report_chart(report, self.fmt))

    def follow(self, before: KeptChart, scored: Scored, pairs: frozenset[Pair]) -> KeptChart | None:
        return before if _shown(report_of(scored)) == before.shown else None


def _shown(report: NetworkReport) -> tuple[object, ...]:
    """What ``report_chart`` draws of ``report``, rounded as it draws it."""
    return (
        tuple(report.per_tier.items()),
        report.ties,
        tuple(report.reciprocity.get(x, 0) for x in (YOU_OWE, BALANCED, THEY_OWE)),
        f"{report.mean_balance:+.2f}",
        (len(report.one_hop.circles), len(report.one_hop.organisations)),
        (len(report.two_hops.circles), len(report.two_hops.organisations)),
        len(report.one_sided),
        f"{report.now:%Y-%m-%d}",
    )


def network_health(app: App) -> NetworkReport:
    """The report, with what strength learned from this network (read, never fitted here)."""
    report = report_of(scored_network(app))
    with app.uow(write=False) as uow:
        words = learned(stored(uow))
    return replace(report, learned=words)


def report_chart(report: NetworkReport, fmt: ChartFormat = "png") -> bytes:
    """Four panels: tiers, reciprocity, reach at one and two hops, and the shares at risk.

    SVG is written directly (``service.report_svg``): the web app draws it again
    whenever a figure moves. PNG is drawn by matplotlib (half a second)."""
    if fmt == "svg":
        return report_svg(report)
    # Imported here: matplotlib costs half a second, and only the chart needs it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # A bare Figure on the Agg canvas: no pyplot state, safe in a web server's threads.
    fig = Figure(figsize=(10, 7), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 2)
    tiers, recip, reach, risk = axes.flat
    names = list(report.per_tier)
    tiers.bar(names, [report.per_tier[n] for n in names], color=TIER_COLOURS)
    tiers.set_title(f"People per tier ({report.ties} ties)")
    tiers.tick_params(axis="x", labelrotation=30)
    labels = [YOU_OWE, BALANCED, THEY_OWE]
    recip.bar(
        labels,
        [report.reciprocity.get(x, 0) for x in labels],
        color=["#e57373", "#90a4ae", "#64b5f6"],
    )
    recip.set_title(f"Reciprocity (mean balance {report.mean_balance:+.2f})")
    width = 0.38
    xs = [0.0, 1.0]
    one = [len(report.one_hop.circles), len(report.one_hop.organisations)]
    two = [len(report.two_hops.circles), len(report.two_hops.organisations)]
    reach.bar([x - width / 2 for x in xs], one, width, label="one hop", color="#4db6ac")
    reach.bar([x + width / 2 for x in xs], two, width, label="two hops", color="#00796b")
    reach.set_xticks(xs, ["circles", "organisations"])
    reach.set_title("Reach")
    reach.legend()
    counts = {
        "dormant": report.per_tier["dormant"],
        "acquaintance": report.per_tier["acquaintance"],
        "one-sided": len(report.one_sided),
    }
    pcts = [100 * n / report.ties if report.ties else 0.0 for n in counts.values()]
    risk.barh(list(counts), pcts, color="#ffb74d")
    risk.set_xlim(0, 100)
    risk.set_xlabel("% of your ties")
    risk.set_title("Ties at risk")
    for y, (n, pct) in enumerate(zip(counts.values(), pcts, strict=True)):
        shown = "<1" if 0 < pct < 1 else f"{pct:.0f}"
        risk.text(pct + 1, y, f"{n} ({shown}%)", va="center")
    fig.suptitle(f"Network health on {report.now:%Y-%m-%d}")
    buf = io.BytesIO()
    # No timestamps in the file: the same report gives the same bytes.
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()
