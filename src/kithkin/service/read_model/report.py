"""The report's views: reciprocity with each of my ties, and the report made from it.

Inputs: the scored network (tiers, interactions and favours with each person)
and the one-sided ties (``read_model.agenda``). Incremental update: after
one-to-one interactions were logged, the balances of the people touched are
worked out again and the report is summed again from the kept balances.
"""

from __future__ import annotations

from collections.abc import Collection

from kithkin.insight.reciprocity import balances, reciprocity
from kithkin.insight.report import NetworkReport, network_report
from kithkin.service.read_model.agenda import my_history, one_sided_of
from kithkin.service.read_model.scored import Pair, Scored
from kithkin.service.read_model.views import kept, touched

Balances = dict[int, tuple[float, str]]
_FEW = 50  # up to this many people, each one's history with me is looked up alone


def _reciprocity(scored: Scored, people: Collection[int]) -> Balances:
    network, now, me = scored.network, scored.now, scored.me
    if len(people) > _FEW:  # every tie: counted at once over my history's rows
        return balances(network, me, people, my_history(scored), now)
    found = {}
    for other in people:
        r = reciprocity(network, me, other, now)
        found[other] = (r.balance, r.label)
    return found


class BalancesView:
    """Reciprocity (balance, label) with each person I have a tie or contact with."""

    key: tuple[object, ...] = ("balances",)

    def build(self, scored: Scored) -> Balances:
        return _reciprocity(scored, scored.tiers)

    def follow(self, before: Balances, scored: Scored, pairs: frozenset[Pair]) -> Balances:
        people, tiers = touched(pairs), scored.tiers
        balances = {p: b for p, b in before.items() if p in tiers and p not in people}
        balances.update(_reciprocity(scored, people & tiers.keys()))
        return balances


class ReportView:
    """The network's health; summed again from the kept views after a write."""

    key: tuple[object, ...] = ("report",)

    def build(self, scored: Scored) -> NetworkReport:
        balances = kept(scored, BALANCES)
        one_sided = [o.name for o in one_sided_of(scored)]
        return network_report(scored.network, scored.now, scored.tiers, balances, one_sided)

    def follow(self, before: NetworkReport, scored: Scored, pairs: frozenset[Pair]) -> None:
        return None  # a sum over the kept views: building it again is the follow


BALANCES = BalancesView()
REPORT = ReportView()


def report_of(scored: Scored) -> NetworkReport:
    """The report of a scored network (``learned`` left to the caller)."""
    return kept(scored, REPORT)
