"""eventwire events as PETRARCH triples: agent codes, several-actor codes, paired codes, coordination."""

from __future__ import annotations

import pytest

from eventwire.kb.suite_triples import agent_codes, event_triples, side_code, side_codes
from eventwire.resolve.actors import build_kb

ACTORS = """\
actors:
  - {id: valdoria, name: Valdoria, kind: country, country: VLD, code: VLD}
  - {id: osric, name: Osricland, kind: country, country: OSR, code: OSR}
  - {id: the_isles, name: The Isles, kind: country, country: ISL, code: ISL/IMN/FAR}
  - {id: tribune, name: Tribune, kind: organization, country: VLD, sectors: [MED], code: VLDGOVMED}
"""
AGENTS = """\
agents:
  foreign minister: {sector: GOV, kind: person, code: "~GOVFRM"}
  minister: {sector: GOV, kind: person, code: "~GOV"}
  relief group: {sector: NGO, kind: organization, code: "NGO~"}
  lawmakers: {sector: LEG, kind: person, code: "~LEG"}
  officials: {sector: GOV, kind: person, code: "~GOV"}
"""
ENTITIES = {
    "e1": {"id": "e1", "kb_id": "valdoria", "country": "VLD", "sectors": [], "mentions": []},
    "e2": {"id": "e2", "kb_id": "osric", "country": "OSR", "sectors": [], "mentions": []},
    "e3": {"id": "e3", "kb_id": "the_isles", "country": "ISL", "sectors": [], "mentions": []},
    "e4": {"id": "e4", "kb_id": None, "country": "VLD", "sectors": ["GOV"], "mentions": []},
    "e5": {"id": "e5", "kb_id": "tribune", "country": "VLD", "sectors": ["MED"], "mentions": []},
}


@pytest.fixture(scope="module")
def kb():
    return build_kb([ACTORS], [AGENTS])


def test_agent_words_give_their_whole_code_before_or_after_the_actor(kb) -> None:
    assert agent_codes("Valdoria's foreign minister", kb) == ([], ["GOVFRM"])  # longest phrase first
    assert agent_codes("the relief group", kb) == (["NGO"], [])
    side = {"entity": "e4", "text": "Valdoria's foreign minister", "country": "VLD", "sectors": ["GOV"]}
    assert side_code(side, ENTITIES, kb, None) == "VLDGOVFRM"
    assert side_code({"entity": "e4", "text": "relief group", "country": "VLD"}, ENTITIES, kb, None) == "NGOVLD"
    # No agent word: eventwire's sectors; a KB code keeps its blocks once.
    assert side_code({"entity": "e4", "text": "they", "sectors": ["GOV"]}, ENTITIES, kb, None) == "VLDGOV"
    assert side_code({"entity": "e5", "text": "Tribune", "sectors": ["MED"]}, ENTITIES, kb, None) == "VLDGOVMED"
    assert side_code(None, ENTITIES, kb, None) == "---"


def test_a_code_naming_several_actors_gives_one_triple_each(kb) -> None:
    event = {"cameo": "041", "actor": {"entity": "e3", "text": "The Isles"},
             "recipient": {"entity": "e2", "text": "Osricland"}}
    assert event_triples(event, ENTITIES, kb, None) == [("ISL", "OSR", "041"), ("IMN", "OSR", "041"),
                                                        ("FAR", "OSR", "041")]


def test_paired_codes_add_the_reverse_and_reciprocal_patterns_code_both_ways(kb) -> None:
    event = {"cameo": "032", "actor": {"entity": "e1", "text": "Valdoria"},
             "recipient": {"entity": "e2", "text": "Osricland"}}
    assert event_triples(event, ENTITIES, kb, None, raw={"raw_code": "032:033"}) == [
        ("VLD", "OSR", "032"), ("OSR", "VLD", "033")]
    # eventwire recoded the act (a promise): the pair belongs to the dictionary's code only.
    assert event_triples(event, ENTITIES, kb, None, raw={"raw_code": "032:033"}, code="036") == [
        ("VLD", "OSR", "036")]
    alone = {"cameo": "191", "actor": {"entity": "e3", "text": "The Isles"}, "recipient": None}
    triples = event_triples(alone, ENTITIES, kb, None, raw={"reciprocal": True})
    assert ("ISL", "IMN", "191") in triples and ("IMN", "ISL", "191") in triples


@pytest.mark.slow
def test_coordinated_names_and_agent_words_expand_a_side(kb) -> None:
    from eventwire.nlp import annotate

    text = "Lawmakers and officials in Valdoria and Osricland welcomed the talks."
    doc = annotate(text)
    entities = {
        "e1": {**ENTITIES["e1"], "mentions": [{"start": 27, "end": 35, "text": "Valdoria"}]},
        "e2": {**ENTITIES["e2"], "mentions": [{"start": 40, "end": 49, "text": "Osricland"}]},
        "e6": {"id": "e6", "kb_id": None, "country": "VLD", "sectors": ["LEG"],
               "mentions": [{"start": 0, "end": 9, "text": "Lawmakers"}]},
    }
    assert text[27:35] == "Valdoria" and text[40:49] == "Osricland"
    event = {"cameo": "041", "trigger": {"start": 50, "end": 58}, "sentence": {"start": 0, "end": len(text)},
             "actor": {"entity": "e6", "text": "Lawmakers", "country": "VLD", "sectors": ["LEG"]}}
    codes = side_codes(event["actor"], event, entities, kb, None, doc)
    assert {"VLDLEG", "OSRLEG", "VLDGOV", "OSRGOV"} <= set(codes)
