"""The people search index: shared texts held once, every holder found, answers kept."""

from __future__ import annotations

from kithkin.model import Person
from kithkin.service.read_model.people import SearchIndex


def _people() -> list[Person]:
    return [
        Person("Ada Quist", id=1, skills=["data engineering"], circles=["work:acme"]),
        Person("Bo Quist", id=2, skills=["data engineering"], notes="data engineering lead"),
        Person("Cy Moor", id=3, circles=["work:acme"]),
        Person("Ada Quist", id=4, skills=["gardening"]),
    ]


def test_everyone_who_holds_a_shared_text_is_found_best_first_then_by_name() -> None:
    index = SearchIndex(_people())
    # Ten texts, seven distinct: "data engineering", "work:acme" and "Ada Quist" held twice.
    assert len(index.fields) == 7
    found = index.search("data engineering", 10)
    assert [(p.id, score) for p, score in found] == [(1, 100.0), (2, 100.0)]
    assert [p.id for p, _ in index.search("acme", 10)] == [1, 3]
    # Two people with one name and the same score keep the order they were read in.
    assert [p.id for p, _ in index.search("ada quist", 2)] == [1, 4]
    assert [p.id for p, _ in index.search("ada quist", 1)] == [1]


def test_the_same_search_again_is_the_kept_answer() -> None:
    index = SearchIndex(_people())
    first = index.search("quist", 10)
    assert index.search("quist", 10) is first
    assert index.search("quist", 1) == first[:1]
    for n in range(SearchIndex.KEEP + 1):  # the oldest answers make way
        index.search(f"query {n}", 10)
    assert len(index.answers) == SearchIndex.KEEP
    assert ("quist", 10) not in index.answers
