"""The scored network is computed once per data version and follows every write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from kithkin.insight.graph import PathGraph, build_graph
from kithkin.model import Channel, ExchangeKind, Tier
from kithkin.service import agenda
from kithkin.service.activity import log_interaction, record_favour
from kithkin.service.agenda import snooze
from kithkin.service.app import App
from kithkin.service.demo import build_demo
from kithkin.service.paths import find_paths
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.read_model.agenda import TIE_INPUTS
from kithkin.service.read_model.path_graph import path_context
from kithkin.service.read_model.scored import Scored, scored_network
from kithkin.service.read_model.views import kept as kept_view
from kithkin.service.report import network_health
from kithkin.service.setup import init_network
from kithkin.store import Settings


def test_reused_until_a_write_then_rescored(app: App) -> None:
    init_network(app, "Alex Morgan", [])
    ben = add_person(app, PersonChanges(name="Ben Okafor"))
    first = scored_network(app)
    assert scored_network(app) is first  # nothing written: the same object

    log_interaction(app, Channel.CALL, ["Ben Okafor"])
    second = scored_network(app)
    assert second is not first
    assert second.version != first.version
    assert ben.id is not None and second.me is not None
    pair = (min(second.me, ben.id), max(second.me, ben.id))
    assert second.strengths[pair].interactions == 1


def test_a_write_from_another_process_is_seen(app: App, db_url: str) -> None:
    init_network(app, "Alex Morgan", [])
    add_person(app, PersonChanges(name="Ben Okafor"))
    before = scored_network(app)
    other = App(app.settings, fixed_now=app.fixed_now)  # a second process would open its own
    try:
        log_interaction(other, Channel.EMAIL, ["Ben Okafor"])
    finally:
        other.close()
    after = scored_network(app)
    assert after is not before
    assert sum(s.interactions for s in after.strengths.values()) == 1


def test_a_command_that_fails_leaves_the_version_alone(app: App, kith: Any) -> None:
    init_network(app, "Alex Morgan", [])
    before = scored_network(app)
    assert kith("log", "call", "Nobody At All").code == 3
    assert scored_network(app) is before


def _graph(app: App) -> PathGraph:
    """The path graph the App keeps (the one the last path search used)."""
    with app.uow(write=False) as uow:
        return path_context(app, uow).graph


def _as_a_fresh_load(app: App) -> Scored:
    """What another process, reading everything, makes of the same database."""
    fresh_app = App(app.settings, fixed_now=app.fixed_now)
    try:
        return scored_network(fresh_app)
    finally:
        fresh_app.close()


def _what_pages_show(app: App) -> tuple[object, ...]:
    """The agenda (short, and every item), the one-sided ties and the report."""
    pages = (agenda.build(app), agenda.build(app, 3), agenda.build(app, 10_000))
    return (*pages, agenda.one_sided(app), network_health(app))


def _assert_pages_same(app: App) -> None:
    fresh_app = App(app.settings, fixed_now=app.fixed_now)
    try:
        assert _what_pages_show(app) == _what_pages_show(fresh_app)
        # And what they rank by, for every tie (not only those that make the list).
        kept, fresh = (kept_view(scored_network(a), TIE_INPUTS) for a in (app, fresh_app))
        assert (kept.tiers, kept.cadence, kept.owed) == (fresh.tiers, fresh.cadence, fresh.owed)
    finally:
        fresh_app.close()


def _assert_same(kept: Scored, fresh: Scored) -> None:
    assert kept.version == fresh.version
    assert kept.network.interactions == fresh.network.interactions
    assert kept.network.ties == fresh.network.ties
    assert kept.network.exchanges == fresh.network.exchanges
    # The indexes carried over from the network before, or built: the same either way.
    assert kept.network.interactions_of == fresh.network.interactions_of
    assert kept.network.neighbours == fresh.network.neighbours
    assert kept.network.exchanges_of == fresh.network.exchanges_of
    assert kept.strengths == fresh.strengths  # scores and every reason's words
    assert kept.tiers == fresh.tiers


def _elsewhere(app: App, write: Callable[[App], object]) -> Callable[[], object]:
    """``write`` made by a second process: an App of its own on the same database."""

    def run() -> object:
        other = App(app.settings, fixed_now=app.fixed_now)
        try:
            return write(other)
        finally:
            other.close()

    return run


def test_writes_here_or_elsewhere_are_followed_not_loaded_again(demo_app: App) -> None:
    app = demo_app  # a copy of the demo network
    add_person(app, PersonChanges(name="Zoe New"))  # no tie with me yet
    before = scored_network(app)
    assert before.network.interactions_of  # built, as a page would: then carried over
    _what_pages_show(app)  # worked out, as the pages would: then followed
    steps: list[tuple[Callable[[], object], bool]] = [
        # (the write, whether only the pairs it touched are scored again)
        # An existing tie; a past date lands inside the history, with a note.
        (
            lambda: log_interaction(
                app, Channel.CALL, ["Leo Martins"], when=app.now() - timedelta(days=40), note="cv"
            ),
            True,
        ),
        (lambda: log_interaction(app, Channel.MESSAGE, ["Omar Haddad"], answered=False), True),
        # Another process (a kith command beside the web app), twice before a view.
        (
            lambda: [
                _elsewhere(app, lambda o: log_interaction(o, Channel.CALL, ["Omar Haddad"]))(),
                _elsewhere(app, lambda o: log_interaction(o, Channel.VIDEO, ["Leo Martins"]))(),
            ],
            True,
        ),
        (lambda: record_favour(app, ExchangeKind.ADVICE, "Leo Martins", given_by_me=False), True),
        (lambda: log_interaction(app, Channel.IN_PERSON, ["May Parker", "Leo Martins"]), False),
        (_elsewhere(app, lambda o: snooze(o, "Omar Haddad", 7)), False),
        # Someone new: the interaction makes a tie, so the ties are read again.
        (lambda: log_interaction(app, Channel.MESSAGE, ["Zoe New"]), False),
    ]
    untouched = next(pair for pair, s in before.strengths.items() if before.me not in pair)
    for n, (step, only_pairs) in enumerate(steps):
        step()
        kept = scored_network(app)
        # Followed, not loaded again: the people are the very same objects.
        assert kept.network.people is before.network.people, n
        # Scored again pair by pair, or all at once.
        assert (kept.strengths[untouched] is before.strengths[untouched]) is only_pairs, n
        _assert_same(kept, _as_a_fresh_load(app))
        _assert_pages_same(app)


def test_a_write_that_says_nothing_in_between_means_a_whole_load(demo_app: App) -> None:
    app = demo_app  # a copy of the demo network
    before = scored_network(app)
    log_interaction(app, Channel.CALL, ["Leo Martins"])
    _elsewhere(app, lambda o: add_person(o, PersonChanges(name="Zoe New")))()
    log_interaction(app, Channel.CALL, ["Leo Martins"])
    kept = scored_network(app)
    assert kept.network.people is not before.network.people
    _assert_same(kept, _as_a_fresh_load(app))


def test_followed_with_the_clock_running(db_url: str) -> None:
    # Without --now every view has a later now: within FRESH_FOR the scoring before
    # is still current, so a logged interaction rescores only its pair, at the new now.
    clock = App(Settings(db_url))
    try:
        build_demo(clock)
        before = scored_network(clock)
        untouched = next(pair for pair in before.strengths if before.me not in pair)
        log_interaction(clock, Channel.CALL, ["Leo Martins"])
        kept = scored_network(clock)
        assert kept.strengths[untouched] is before.strengths[untouched]
        # Its own now (the new interaction counts), its freshness that of the rest.
        assert kept.now > before.now and kept.oldest == before.now
        leo = next(p for p, x in kept.network.people.items() if x.display_name == "Leo Martins")
        pair = (min(leo, kept.me), max(leo, kept.me))
        assert kept.strengths[pair].interactions == before.strengths[pair].interactions + 1
    finally:
        clock.close()


def test_the_path_graph_follows_a_logged_interaction(demo_app: App) -> None:
    app = demo_app  # a copy of the demo network
    find_paths(app, "Contoso")
    before: PathGraph = _graph(app)
    untouched = next(pair for pair in before.links if before.links[pair].explained_by is not None)

    # A tie of mine in the middle (a strong one's hop is capped, and would not move).
    me = scored_network(app).me
    pair, link = next(
        (pair, link)
        for pair, link in sorted(before.links.items())
        if me in pair and link.explained_by is not None and 0.2 < link.p < 0.6
    )
    (other,) = set(pair) - {me}

    log_interaction(app, Channel.IN_PERSON, [f"#{other}"], note="lunch")
    answer = find_paths(app, "Contoso")
    graph: PathGraph = _graph(app)
    assert graph.links[untouched] is before.links[untouched]  # followed, not built anew
    assert graph.links[pair].p > link.p
    scored = scored_network(app)
    built = build_graph(scored.network, scored.strengths, app.now())
    assert graph.links == built.links
    assert (graph.cost != built.cost).nnz == 0
    fresh = App(app.settings, fixed_now=app.fixed_now)
    try:
        assert answer == find_paths(fresh, "Contoso")
    finally:
        fresh.close()


def test_a_tie_that_falls_moves_others_tiers_and_the_pages_follow(demo_app: App) -> None:
    app = demo_app  # a copy of the demo network
    before = scored_network(app)
    tiers = before.tiers
    faller = next(p for p, tier in sorted(tiers.items()) if tier is Tier.INNER)
    _what_pages_show(app)
    for day in range(4):  # my messages, left unanswered
        when = app.now() - timedelta(days=3 - day)
        log_interaction(app, Channel.MESSAGE, [f"#{faller}"], when=when, answered=False)
        _assert_pages_same(app)
    after = scored_network(app)
    assert after.followed is not None  # each step was followed, not loaded again
    assert after.tiers[faller] is not Tier.INNER
    # Others moved up in its place: their cadences and entries were worked out again.
    assert any(after.tiers.get(p) != tier for p, tier in tiers.items() if p != faller)


def test_pages_last_seen_several_writes_ago_follow_them_all(demo_app: App) -> None:
    app = demo_app  # a copy of the demo network
    _what_pages_show(app)
    find_paths(app, "Contoso")
    graph_before: PathGraph = _graph(app)
    before = scored_network(app)
    tiers = before.tiers
    faller = next(p for p, tier in sorted(tiers.items()) if tier is Tier.INNER)
    # Writes, each seen by some view that scores the network, none by these pages.
    # (who, answered): my messages to the faller go unanswered; Leo's was answered.
    writes = [(f"#{faller}", False), ("Leo Martins", None), (f"#{faller}", False)]
    for day, (who, answered) in enumerate([*writes, (f"#{faller}", False)]):
        when = app.now() - timedelta(days=9 - 3 * day)
        log_interaction(app, Channel.MESSAGE, [who], when=when, answered=answered)
        assert scored_network(app).followed is not None
    assert scored_network(app).tiers != tiers  # the fall moved tiers on the way
    _assert_pages_same(app)
    answer = find_paths(app, "Contoso")
    graph: PathGraph = _graph(app)
    untouched = next(
        p for p, link in graph_before.links.items() if link.explained_by and before.me not in p
    )
    assert graph.links[untouched] is graph_before.links[untouched]  # followed four steps
    fresh = App(app.settings, fixed_now=app.fixed_now)
    try:
        assert answer == find_paths(fresh, "Contoso")
    finally:
        fresh.close()
