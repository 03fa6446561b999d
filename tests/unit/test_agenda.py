"""Ranking the agenda on plain data: reasons, urgency by tier, snoozes and one-sided ties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kithkin.insight.agenda import AgendaInputs, GoalHop, ItemKind, build_agenda, next_birthday
from kithkin.insight.network import Network
from kithkin.insight.one_sided import one_sided_ties
from kithkin.model import (
    Birthday,
    Channel,
    Exchange,
    ExchangeKind,
    Interaction,
    Person,
    Tie,
    TieKind,
    Tier,
    TieStatus,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ME = 1
NAMES = {
    2: "Cara Inner",
    3: "Dev Close",
    4: "Eli Active",
    5: "Fay Conference",
    6: "Gus Birthday",
    7: "Hal Jobchange",
    8: "Ivy Owed",
    9: "Jo Goal",
    10: "Victor Hale",
    11: "Kim Recent",
}


def _it(days_ago: float, other: int, note: str = "", **kw: object) -> Interaction:
    return Interaction(
        NOW - timedelta(days=days_ago),
        Channel.CALL,
        [ME, other],
        note=note,
        initiator=ME,
        answered=True,
        **kw,  # type: ignore[arg-type]
    )


def _network() -> Network:
    people = {ME: Person("Alex Morgan", id=ME, is_me=True)}
    people |= {pid: Person(name, id=pid) for pid, name in NAMES.items()}
    people[6].birthday = Birthday(month=6, day=4)
    ties = [Tie(ME, pid, since=date(2020, 1, 1)) for pid in NAMES]
    ties[-1].since = None  # Kim: met at the conference
    ties[3].kinds = [TieKind("met-at:DataConf 2026")]
    ties[3].since = date(2026, 5, 29)
    interactions = [
        _it(40, 2, "talked about her new flat"),
        _it(80, 2),  # inner, overdue vs 20 days
        _it(45, 3),
        _it(85, 3),  # close, overdue vs 25 days
        _it(120, 4),
        _it(200, 4),  # active, overdue vs 60 days
        Interaction(NOW - timedelta(days=3), Channel.EVENT, [ME, 5, 11], note="DataConf 2026"),
        _it(1, 11),  # met at the same event, already followed up
        _it(10, 6),
        _it(30, 7),
        _it(5, 8),
        _it(5, 9),
    ]
    interactions += [
        Interaction(
            NOW - timedelta(days=d), Channel.MESSAGE, [ME, 10], initiator=ME, answered=d > 100
        )
        for d in (300, 200, 90, 60, 30, 10)
    ]
    exchanges = [Exchange(8, ME, ExchangeKind.INTRO, NOW - timedelta(days=20), note="to a CTO")]
    life = {7: [("job-change", NOW - timedelta(days=4))]}
    return Network(ME, people, ties, interactions, exchanges, life_events=life)  # type: ignore[arg-type]


def _inputs(net: Network) -> AgendaInputs:
    return AgendaInputs(
        tiers={2: Tier.INNER, 3: Tier.CLOSE, 4: Tier.ACTIVE, 10: Tier.ACTIVE},
        cadence_days={2: 20.0, 3: 25.0, 4: 60.0, 10: 30.0},
        owed={8: ["they gave you an intro"]},
        goal_hops=[
            GoalHop(
                9,
                "work at Contoso",
                "Contoso",
                "cultivate first",
                ["no contact in 5 months"],
                ["Offer your notes on their migration."],
            )
        ],
        one_sided=one_sided_ties(net, NOW),
    )


def test_every_reason_appears_in_a_sensible_order() -> None:
    net = _network()
    agenda = build_agenda(net, NOW, _inputs(net))
    kinds = [(i.name, i.kind) for i in agenda.items]
    assert kinds == [
        ("Fay Conference", ItemKind.FOLLOW_UP),
        ("Cara Inner", ItemKind.OVERDUE),
        ("Dev Close", ItemKind.OVERDUE),
        ("Gus Birthday", ItemKind.BIRTHDAY),
        ("Hal Jobchange", ItemKind.LIFE_EVENT),
        ("Eli Active", ItemKind.OVERDUE),
        ("Ivy Owed", ItemKind.FAVOUR_OWED),
        ("Jo Goal", ItemKind.GOAL),
    ]
    fay, cara = agenda.items[0], agenda.items[1]
    assert fay.reason == "met at DataConf 2026 3 days ago; no follow-up yet"
    assert "DataConf 2026" in fay.suggestion
    assert cara.reason == "inner tie, last contact 40 days ago; you usually talk every 20 days"
    assert "talked about her new flat" in cara.suggestion
    assert agenda.items[3].due == date(2026, 6, 4)
    assert "to a CTO" in agenda.items[6].suggestion
    assert agenda.items[7].suggestion == "Offer your notes on their migration."


def test_one_sided_tie_is_offered_pause_or_let_go_never_a_nudge() -> None:
    net = _network()
    agenda = build_agenda(net, NOW, _inputs(net))
    assert "Victor Hale" not in {i.name for i in agenda.items}
    (offer,) = agenda.let_go
    assert offer.name == "Victor Hale" and offer.kind is ItemKind.ONE_SIDED
    assert (
        "let it go" in offer.suggestion and "your last 4 contacts went unanswered" in offer.reason
    )


def test_snoozed_paused_and_let_go_ties_are_left_out_until_the_snooze_ends() -> None:
    net = _network()
    net.ties[0].snoozed_until = date(2026, 6, 8)  # Cara
    net.ties[1].status = TieStatus.PAUSED  # Dev
    net.ties[2].status = TieStatus.LET_GO  # Eli
    names = {i.name for i in build_agenda(net, NOW, _inputs(net)).items}
    assert names.isdisjoint({"Cara Inner", "Dev Close", "Eli Active"})
    later = NOW + timedelta(days=7)
    assert "Cara Inner" in {i.name for i in build_agenda(net, later, _inputs(net)).items}


def test_closer_tier_is_more_urgent_for_the_same_lateness() -> None:
    net = _network()
    inputs = _inputs(net)
    same = AgendaInputs(
        tiers={2: Tier.KNOWN, 3: Tier.CLOSE},
        cadence_days={2: 20.0, 3: 20.0},
        one_sided=inputs.one_sided,
    )
    order = [i.name for i in build_agenda(net, NOW, same).items if i.kind is ItemKind.OVERDUE]
    assert order == ["Dev Close", "Cara Inner"]


def test_limit_and_determinism() -> None:
    net = _network()
    first = build_agenda(net, NOW, _inputs(net), limit=3)
    assert len(first.items) == 3
    assert first == build_agenda(_network(), NOW, _inputs(_network()), limit=3)


def test_fresh_contact_stops_being_fresh_after_a_week() -> None:
    net = _network()
    later = build_agenda(net, NOW + timedelta(days=6), _inputs(net))
    assert "Fay Conference" not in {i.name for i in later.items}


def test_next_birthday_wraps_the_year_and_handles_29_february() -> None:
    assert next_birthday(Birthday(1, 2), date(2026, 12, 30)) == date(2027, 1, 2)
    assert next_birthday(Birthday(2, 29), date(2027, 2, 1)) == date(2027, 2, 28)
    assert next_birthday(Birthday(2, 29), date(2028, 2, 1)) == date(2028, 2, 29)


def test_overdue_only_a_quarter_past_the_cadence() -> None:
    # Cara's last contact was 40 days ago: a day-to-day wobble on a 35-day rhythm,
    # overdue on a 30-day one.
    net = _network()

    def overdue(cadence: float) -> bool:
        inputs = AgendaInputs(tiers={2: Tier.INNER}, cadence_days={2: cadence})
        items = build_agenda(net, NOW, inputs, limit=50).items
        return any(i.name == "Cara Inner" and i.kind is ItemKind.OVERDUE for i in items)

    assert not overdue(35.0) and overdue(30.0)


def test_an_active_tie_however_late_stays_below_an_overdue_close_one() -> None:
    net = _network()
    inputs = AgendaInputs(
        tiers={2: Tier.ACTIVE, 3: Tier.CLOSE},
        cadence_days={2: 2.0, 3: 34.0},  # Cara 20 times her cadence late, Dev 1.3 times
    )
    order = [i.name for i in build_agenda(net, NOW, inputs).items if i.kind is ItemKind.OVERDUE]
    assert order == ["Dev Close", "Cara Inner"]
