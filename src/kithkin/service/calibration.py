"""The network's own strength parameters: fitted after its data change, read when scoring.

``refresh`` runs after an import or a logged interaction (never on a page view):
it fits again only when enough new history has arrived since the stored fit
(``REFIT_SHARE`` more interactions, and at least ``REFIT_MIN``; or as many fewer),
so most writes cost one count. Scoring (``service.read_model.scored``) reads the stored parameters.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from kithkin.insight.calibration import Calibration, History, calibrate
from kithkin.insight.network import Network
from kithkin.insight.strength import favours_between
from kithkin.insight.strength_core import StrengthParams
from kithkin.insight.strength_input import pair_rows, seconds
from kithkin.service.app import App
from kithkin.service.network import load_network
from kithkin.store import UnitOfWork

REFIT_SHARE = 0.1
REFIT_MIN = 50


def stored(uow: UnitOfWork) -> Calibration | None:
    """The stored fit, or None (never fitted, or written by an older version)."""
    found = uow.calibration.read()
    if found is None:
        return None
    try:
        return Calibration.from_dict(found["fit"])
    except (KeyError, TypeError, ValueError, AssertionError):
        return None


def stored_params(uow: UnitOfWork) -> StrengthParams | None:
    fit = stored(uow)
    return None if fit is None else fit.params


def refresh(app: App, force: bool = False) -> Calibration | None:
    """Fit again when enough new history has arrived; the fit in force (None without a me)."""
    with app.uow() as uow:
        count = uow.activity.interaction_count()
        found = uow.calibration.read()
        fit = stored(uow)
        if fit is not None and found is not None and not force:
            before = int(found.get("interactions", 0))
            # Refit on enough new history, or when history went away (a reset, a merge).
            if abs(count - before) < max(REFIT_MIN, REFIT_SHARE * before):
                return fit
        network = load_network(uow)
        if network.me is None:
            return fit
        now = app.now()
        fit = calibrate(history_of(network, now), now=seconds(now))
        before_params = stored_params(uow) or StrengthParams()
        # The same parameters: a kept scoring stays right; otherwise every scoring
        # is worked out again with the new ones.
        record = {"fit": fit.as_dict(), "interactions": count, "as_of": now.isoformat()}
        uow.calibration.write(record, rescore=fit.params != before_params)
        uow.commit()
        return fit


def history_of(network: Network, now: datetime) -> History:
    """The network's interaction rows, me as the owner."""
    rows = pair_rows(network)
    me = network.me
    owner = int(np.searchsorted(rows.nodes, me)) if me is not None else None
    if owner is not None and (owner >= len(rows.nodes) or rows.nodes[owner] != me):
        owner = len(rows.nodes)  # me with no pair: nothing to fit
    return History(
        pair=rows.pair,
        t=rows.t,
        channel=rows.channel,
        initiator=rows.initiator,
        answered=rows.answered,
        share=rows.share,
        node_a=rows.node_a,
        node_b=rows.node_b,
        n_nodes=len(rows.nodes) + 1,
        owner=owner,
        favours=favours_between(network, rows, now),
    )
