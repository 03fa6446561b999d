"""``kith report``: figures on a small network, and real PNG and SVG charts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image

from kithkin.model import Channel, ExchangeKind
from kithkin.service.activity import log_interaction, record_favour
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.service.ties import add_tie
from kithkin.store import Settings

NOW = ("--now", "2026-06-01")
START = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _setup(db_url: str) -> None:
    app = App(Settings(db_url), fixed_now=datetime(2026, 6, 1, 12, tzinfo=UTC))
    try:
        init_network(app, "Alex Morgan", [])
        add_person(app, PersonChanges(name="May Parker", circles=["family"]))
        add_person(
            app, PersonChanges(name="Ben Okafor", organisation="Globex", circles=["neighbours"])
        )
        add_person(
            app, PersonChanges(name="Ivy Chen", organisation="Contoso", circles=["work:Contoso"])
        )
        add_person(app, PersonChanges(name="Card Only", circles=["community:DataConf"]))
        add_person(app, PersonChanges(name="Victor Hale"))
        add_tie(app, "me", "May Parker", ["aunt"], closeness=5)
        add_tie(app, "May Parker", "Ben Okafor", ["neighbour"])
        add_tie(app, "Ben Okafor", "Ivy Chen", ["friend"])
        add_tie(app, "me", "Card Only", ["met-at:DataConf"])
        for week in range(0, 20, 2):
            log_interaction(
                app,
                Channel.CALL,
                ["May Parker"],
                START + timedelta(weeks=week),
                they_initiated=week % 4 == 0,
            )
        record_favour(
            app,
            ExchangeKind.ADVICE,
            "May Parker",
            given_by_me=False,
            when=START + timedelta(days=30),
        )
        for month in (2, 3, 4):
            log_interaction(
                app,
                Channel.MESSAGE,
                ["Victor Hale"],
                datetime(2026, month, 1, tzinfo=UTC),
                answered=False,
            )
    finally:
        app.close()


def test_report_figures_and_charts(kith: Any, db_url: str, tmp_path: Path) -> None:
    _setup(db_url)
    png, svg = tmp_path / "report.png", tmp_path / "report.svg"
    drawn = kith(*NOW, "report", "--png", str(png), "--svg", str(svg))
    assert drawn.code == 0, drawn.err
    assert "one-sided ties (1): Victor Hale" in drawn.out
    assert "within two hops: 2 people, 2 circles, 1 organisations" in drawn.out
    result = kith(*NOW, "report", "--json")
    report = json.loads(result.out)
    assert report["ties"] == 3
    assert sum(report["per_tier"].values()) == 3
    assert list(report["per_tier"]) == [
        "inner",
        "close",
        "active",
        "known",
        "acquaintance",
        "dormant",
    ]
    # The business card, and Victor (never answered: nothing real across the tie).
    assert report["per_tier"]["acquaintance"] == 2
    assert report["acquaintance_share"] == round(2 / 3, 3)
    assert report["reciprocity"]["you owe"] == 1  # May gave advice
    assert report["one_sided"] == ["Victor Hale"]
    # Through May (one hop) to Ben (two hops), never through the card.
    assert report["one_hop"]["circles"] == ["family"]
    assert report["two_hops"]["circles"] == ["family", "neighbours"]
    assert report["two_hops"]["organisations"] == ["Globex"]

    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.size == (1000, 700)
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("1000", "700")
    # Every bar carries its figure: the chart reads without a scale.
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "People per tier (3 ties)" in texts
    assert "Network health on 2026-06-01" in texts
    assert "1 (33%)" in texts  # one of the three ties is one-sided
