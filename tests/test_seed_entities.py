"""The entities and relations of ../shared/seeds/EXPECTED.md, one test each, on the real pipeline."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SEED, shared_file


@pytest.fixture(scope="module")
def seed():
    from eventwire.ingest import read_sources
    from eventwire.pipeline import process

    shared_file("seeds", SEED.name)
    return next(iter(process(read_sources([SEED], published="2017-04-09"))))


def entity_of(result, pattern: str):
    """The one entity any of whose names matches `pattern` (fails when there are several)."""
    found = [e for e in result.entities
             if any(re.search(pattern, t) for t in (e.name, *(m.text for m in e.mentions)))]
    assert len(found) == 1, [(e.name, [m.text for m in e.mentions]) for e in found]
    return found[0]


@pytest.mark.parametrize(
    ("pattern", "country", "sector"),
    [
        (r"Muqtada", "IRQ", "REL"),
        (r"Bashar", "SYR", "GOV"),
        (r"Abadi", "IRQ", "GOV"),
        (r"Mahdi Army", "IRQ", None),
        (r"Saraya al-Salam", "IRQ", None),
        (r"Popular Mobilization", "IRQ", None),
        (r"Asa.ib Ahl al-Haq", "IRQ", None),
        (r"Iraqi Army", "IRQ", "MIL"),
        (r"Iraqi government", "IRQ", "GOV"),
        (r"Syrian government", "SYR", "GOV"),
        (r"Reuters", None, "MED"),
        (r"Guardian", None, "MED"),
    ],
)
def test_expected_entity_is_one_entity_coded_right(seed, pattern, country, sector):
    ent = entity_of(seed, pattern)
    if country is not None:
        assert ent.country == country
    if sector is not None:
        assert sector in ent.sectors


def test_islamic_state_names_are_one_entity(seed):
    ent = entity_of(seed, r"\bISIS\b")
    names = {m.text for m in ent.mentions}
    assert {"ISIS", "Daesh"} <= names


def test_sadr_descriptions_resolve_to_him(seed):
    ent = entity_of(seed, r"Muqtada")
    texts = " | ".join(m.text for m in ent.mentions)
    assert re.search(r"cleric", texts) and re.search(r"religious leader", texts)


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (r"Mahdi Army", "created_by", r"Sadr"),
        (r"Popular Mobilization", "part_of", r"Iraqi Army"),
        (r"Asa.ib", "formerly_part_of", r"Mahdi Army"),
        (r"Asa.ib", "backed_by", r"Iran"),
        (r"Asa.ib", "fought_alongside", r"Assad"),
        (r"Iraqi government", "backed_by", r"Iran"),
        (r"Iraqi government", "allied_with", r"U\.S\.|United States"),
    ],
)
def test_expected_relation(seed, subject, predicate, obj):
    names = {e.id: e.name for e in seed.entities}
    assert any(r.predicate == predicate and re.search(subject, names[r.subject]) and re.search(obj, names[r.object])
               for r in seed.relations), [(names[r.subject], r.predicate, names[r.object]) for r in seed.relations]
