"""What is kept between requests, and the one rule that says whether it is current.

The read model is what a running ``App`` keeps because working it out costs
seconds on a large network, each view made from the one before it:

- the scored network (``read_model.scored``): every tie's strength, as of a
  data version and a time;
- the views made from it (``read_model.views``), each kept with it and each
  declaring its inputs and how it follows a write: the path graph
  (``path_graph``), the agenda's inputs and entries and the one-sided ties
  (``agenda``), the report (``report``), my relationship with each person and
  the search index (``people``), and the map data (``network_map``).

**The freshness rule.** A view is current when it was made from the data
version the reading unit of work sees, at a time within ``FRESH_FOR`` of
``now`` (exactly ``now`` when it is fixed with ``--now``). Scores decay over
weeks: a quarter of an hour changes none visibly.

**Following.** When the version moved through writes whose changes are logged
(``store.state``), the scored network is followed (the changes applied) instead
of being made again, and the views made from it follow in turn when first read.
Each such decision is logged at INFO on ``kithkin.read_model``.

Everything here is kept in ``app.cache`` under ``app.lock``: one lock per App.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from kithkin.service.app import App

FRESH_FOR = timedelta(minutes=15)
log = logging.getLogger("kithkin.read_model")


def current(app: App, made_at: datetime) -> bool:
    """Whether a view made at ``made_at`` is still current for ``app.now()``."""
    if app.fixed_now is not None:
        return made_at == app.fixed_now
    return abs(app.now() - made_at) < FRESH_FOR


def said(view: str, how: str, version: str, detail: str = "") -> None:
    """Log how a view was made: ``reused``, ``followed`` or ``rebuilt`` (and why)."""
    log.info("%s %s at version %s%s", view, how, version[:8], f" ({detail})" if detail else "")
