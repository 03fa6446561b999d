"""A network's own strength fit: made after the data change, kept, read by scoring and
the report; a thin history keeps the usual settings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kithkin.insight.strength import tie_strengths
from kithkin.insight.strength_core import StrengthParams
from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.calibration import stored
from kithkin.service.importing import import_files
from kithkin.service.read_model.scored import scored_network
from kithkin.service.report import network_health
from kithkin.service.setup import init_network
from kithkin.store import calibration as kept

MBOX = Path(__file__).parent.parent / "data" / "samples" / "mail" / "alex-morgan.mbox"


def test_a_small_mailbox_keeps_the_usual_settings(app: App) -> None:
    init_network(app, "Alex Morgan", ["alex.morgan@example.com"])
    summary = import_files(app, [MBOX], me=["alex.morgan@example.com"])
    assert not summary.failed
    with app.uow() as uow:
        fit = stored(uow)
    assert fit is not None  # fitted after the import, and kept
    assert fit.params == StrengthParams()
    assert fit.shrink == 0.0
    (line,) = network_health(app).learned
    assert "usual settings" in line


def test_the_demo_learns_its_pace_and_every_scoring_uses_it(demo_app: App) -> None:
    app = demo_app  # a copy of the demo network
    with app.uow() as uow:
        fit = stored(uow)
        before = kept.read(uow.conn)
    assert fit is not None and before is not None
    assert fit.shrink > 0.0
    assert fit.params != StrengthParams()
    scored = scored_network(app)
    assert scored.strengths == tie_strengths(scored.network, scored.now, fit.params)
    default = tie_strengths(scored.network, scored.now)
    assert any(default[p].score != s.score for p, s in scored.strengths.items())
    words = network_health(app).learned
    assert words[0].startswith("Your contacts fade over about ")
    assert any(f"({fit.ties} ties;" in w for w in words)

    # One more interaction is not enough new history: the fit stays as it was.
    log_interaction(app, Channel.CALL, ["Leo Martins"], when=datetime(2026, 5, 1, tzinfo=UTC))
    with app.uow() as uow:
        assert kept.read(uow.conn) == before
