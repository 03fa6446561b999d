"""Discovered circles: Leiden on arrays, naming from labels, and the user's boxes."""

from __future__ import annotations

from itertools import combinations

import numpy as np

from kithkin.insight.circles import (
    circle_name,
    connected_share,
    discover_circles,
    leiden_communities,
    person_labels,
    tie_weights,
)
from kithkin.insight.network import Network
from kithkin.model import Affiliation, Person, Tie


def arrays(edges: list[tuple[int, int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.array([e[0] for e in edges], dtype=np.int64),
        np.array([e[1] for e in edges], dtype=np.int64),
        np.array([e[2] for e in edges], dtype=np.float64),
    )


def two_cliques() -> list[tuple[int, int, float]]:
    """People 0–5 and 6–9 know each other well; one weak tie joins 5 and 6."""
    edges = [(a, b, 1.0) for a, b in combinations(range(6), 2)]
    edges += [(a, b, 1.0) for a, b in combinations(range(6, 10), 2)]
    return [*edges, (5, 6, 0.1)]


def test_leiden_finds_the_two_groups_biggest_first_and_alone_for_the_untied() -> None:
    src, dst, w = arrays(two_cliques())
    labels, modularity = leiden_communities(11, src, dst, w)
    assert labels.tolist() == [0] * 6 + [1] * 4 + [2]
    assert modularity > 0.3
    assert connected_share(labels, src, dst) == 1.0


def test_leiden_is_deterministic_for_a_seed() -> None:
    rng = np.random.default_rng(3)
    src, dst = rng.integers(0, 200, 1500), rng.integers(0, 200, 1500)
    w = rng.random(1500)
    first, _ = leiden_communities(200, src, dst, w, seed=11)
    again, _ = leiden_communities(200, src, dst, w, seed=11)
    assert first.tolist() == again.tolist()
    assert connected_share(first, src, dst) == 1.0


def test_leiden_gives_the_same_circles_in_another_process() -> None:
    """Hash seeds and memory layout differ between processes; the circles must not."""
    import os
    import subprocess
    import sys

    script = (
        "import numpy as np\n"
        "from kithkin.insight.circles import leiden_communities\n"
        "rng = np.random.default_rng(3)\n"
        "src, dst = rng.integers(0, 200, 1500), rng.integers(0, 200, 1500)\n"
        "print(leiden_communities(200, src, dst, rng.random(1500))[0].tolist())\n"
    )
    rng = np.random.default_rng(3)
    src, dst = rng.integers(0, 200, 1500), rng.integers(0, 200, 1500)
    here = leiden_communities(200, src, dst, rng.random(1500))[0].tolist()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == str(here)


def test_connected_share_counts_a_community_in_two_pieces() -> None:
    src, dst, _ = arrays([(0, 2, 1.0), (1, 3, 1.0), (4, 5, 1.0)])
    labels = np.array([0, 0, 1, 1, 2, 2])
    assert connected_share(labels, src, dst) == 1 / 3


def test_a_name_comes_from_labels_most_members_carry() -> None:
    from collections import Counter

    labels = Counter({"work:Initech": 5, "school:State U": 3, "family": 1})
    assert circle_name(labels, 10, "Ann") == (
        "work:Initech + school:State U",
        ["work:Initech", "school:State U"],
    )
    assert circle_name(Counter({"family": 1}), 3, "Ann")[0] == "around Ann"


def person(pid: int, name: str, circles: list[str], org: str = "") -> Person:
    affiliations = [Affiliation(org)] if org else []
    return Person(name, id=pid, circles=circles, affiliations=affiliations)


def demo_like() -> Network:
    """Me; a family; May in family tied to Maple Street; Ben on Maple Street and at Initech."""
    people = [
        Person("Alex Morgan", id=1, is_me=True),
        person(2, "May Parker", ["family"]),
        person(3, "Rosa Parker", ["family"]),
        person(4, "Tom Parker", ["family"]),
        person(5, "Ben Okafor", ["neighbours:Maple Street", "work:Initech"], "Initech"),
        person(6, "Ida Lane", ["neighbours:Maple Street"]),
        person(7, "Joe Lane", ["neighbours:Maple Street"]),
        person(8, "Kim Cho", ["school:State U"], "Initech"),
        person(9, "Lee Ray", ["school:State U"], "Initech"),
        person(10, "Max Dahl", ["work:Initech"], "Initech"),
    ]
    pairs = [
        (2, 3), (2, 4), (3, 4),  # family
        (2, 6), (2, 7), (2, 5), (5, 6), (6, 7), (5, 7),  # May and Maple Street
        (5, 8), (5, 9), (5, 10), (8, 9), (8, 10), (9, 10),  # engineering
    ]  # fmt: skip
    ties = [Tie(a, b, closeness=4) for a, b in pairs]
    ties += [Tie(1, pid, closeness=3) for pid in (2, 3, 4, 8, 9)]
    return Network(me=1, people={p.id: p for p in people if p.id}, ties=ties, interactions=[])


def test_organisations_fold_into_the_box_of_the_same_name() -> None:
    labels = person_labels(demo_like())
    assert labels[5] == ["neighbours:Maple Street", "work:Initech"]
    assert labels[8] == ["school:State U", "work:Initech"]


def test_discovered_circles_leave_me_out_and_sit_beside_the_boxes() -> None:
    network = demo_like()
    found = discover_circles(network, tie_weights(network))
    assert 1 not in found.circle_of
    assert set(found.circle_of) == set(range(2, 11))
    engineering = found.circles[found.circle_of[8] - 1]
    assert set(engineering.members) >= {8, 9, 10}
    assert engineering.dominant[0] == "work:Initech"
    assert "school:State U" in engineering.boxes and engineering.cuts_across
    assert engineering.my_ties == 2
    assert found.multi_box == {5: ["neighbours:Maple Street", "work:Initech"]}
    assert found.boxes["family"] == [2, 3, 4]


def test_box_links_say_through_whom_two_boxes_touch_without_me() -> None:
    network = demo_like()
    links = {(x.a, x.b): x for x in discover_circles(network, tie_weights(network)).box_links}
    family_street = links[("family", "neighbours:Maple Street")]
    assert family_street.shared == []
    assert {(a, b) for a, b, _ in family_street.ties} == {(2, 6), (2, 7), (2, 5)}
    assert family_street.through[0] == 2
    assert links[("neighbours:Maple Street", "work:Initech")].shared == [5]
    assert links[("family", "school:State U")].go_betweens == [5]
    assert ("family", "family") not in links


def test_strengths_replace_the_stated_weights() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Score:
        score: float

    network = demo_like()
    weights = tie_weights(network, {(2, 3): Score(0.9), (2, 4): Score(0.0)})
    assert weights[(2, 3)] == 0.9
    assert weights[(2, 4)] == 0.02  # a stored tie keeps a floor weight
    assert weights[(3, 4)] == 0.8  # closeness 4 of 5 where no strength is known


def test_circles_that_would_share_a_name_are_told_apart() -> None:
    """Three groups of friends who do not know each other: three circles, three names."""
    groups = [("Ana Lima", "Bo Chen", "Cy Roth"), ("Di Park", "Ed Vos"), ("Flo Mey", "Gil Noor")]
    people = [Person("Alex Morgan", id=1, is_me=True)]
    ties: list[Tie] = []
    pid = 2
    for group in groups:
        ids = list(range(pid, pid + len(group)))
        people += [person(i, name, ["friends"]) for i, name in zip(ids, group, strict=True)]
        ties += [Tie(a, b, closeness=4) for a, b in combinations(ids, 2)]
        ties.append(Tie(1, ids[0], closeness=5))  # the first of each is my closest there
        pid += len(group)
    network = Network(me=1, people={p.id: p for p in people if p.id}, ties=ties, interactions=[])
    found = discover_circles(network, tie_weights(network))
    names = [c.name for c in found.circles]
    assert len(names) == len(set(names)) == 3
    assert all(name.startswith("friends, around ") for name in names)
    assert {name.removeprefix("friends, around ") for name in names} <= {
        n for group in groups for n in group
    }
