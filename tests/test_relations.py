"""Relations between actors, one sentence of our own per predicate."""

from __future__ import annotations

import pytest


def triples(result) -> set[tuple[str, str, str]]:
    """Every (subject, predicate, object) with each side named by its entity name or any mention."""
    names = {e.id: {e.name, *(m.text for m in e.mentions)} for e in result.entities}
    return {(s, r.predicate, o) for r in result.relations for s in names[r.subject] for o in names[r.object]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Russia-backed separatists, the Donetsk People's Republic, shelled the town.",
            ("Donetsk People's Republic", "backed_by", "Russia"),
        ),
        (
            "The Yemeni government, backed by Saudi Arabia, lost ground.",
            ("Yemeni government", "backed_by", "Saudi Arabia"),
        ),
        (
            "The Kurdish militia, the People's Protection Units, allied with the United States, held the dam.",
            ("People's Protection Units", "allied_with", "United States"),
        ),
        ("Hezbollah fought alongside the Syrian army near Qusayr.", ("Hezbollah", "fought_alongside", "Syrian army")),
        ("Osama bin Laden founded al-Qaeda in 1988.", ("al-Qaeda", "created_by", "Osama bin Laden")),
        (
            "The Tiger Brigade, formerly part of the Syrian army, was renamed.",
            ("Tiger Brigade", "formerly_part_of", "Syrian army"),
        ),
        (
            "The Badr Organization, part of the Popular Mobilization Forces, entered Tikrit.",
            ("Badr Organization", "part_of", "Popular Mobilization Units"),
        ),
        ("Hassan Nasrallah, the leader of Hezbollah, spoke on Friday.", ("Hassan Nasrallah", "leads", "Hezbollah")),
        ("Carlos Vela, a member of the Liberal Party, resigned.", ("Carlos Vela", "member_of", "Liberal Party")),
        ("The Badr Brigades were integrated into the Iraqi army in 2016.", ("Badr Brigades", "part_of", "Iraqi army")),
    ],
)
def test_relation_patterns(code, text, expected):
    found = triples(code(text, "2019-05-01"))
    assert expected in found, found


def test_relation_keeps_its_evidence(code):
    res = code("The Yemeni government, backed by Saudi Arabia, lost ground.", "2019-05-01")
    rel = res.relations[0]
    assert res.article.text[rel.start : rel.end] == rel.text
    assert "backed by" in rel.text


def test_alias_named_by_an_apposition(code):
    res = code("The Ansar Brigade, the Arabic name for the Helpers Battalion, claimed the bombing.", "2019-05-01")
    assert ("Ansar Brigade", "alias_of", "Helpers Battalion") in triples(res), triples(res)
