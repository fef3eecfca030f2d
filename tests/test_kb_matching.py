"""Finding KB names in text: longest match, boundaries, and the alias guard (docs/kb.md)."""

from __future__ import annotations

import time

import pytest

from eventwire.kb.matcher import SurfaceIndex, looks_like_name, surface_rule
from eventwire.resolve.actors import load_kb


def found(index: SurfaceIndex[str], text: str) -> list[tuple[str, str]]:
    return [(text[s:e], p) for s, e, p in index.find(text)]


@pytest.fixture
def index() -> SurfaceIndex[str]:
    ix: SurfaceIndex[str] = SurfaceIndex()
    for surface, payload in [("IS", "isis"), ("Islamic State", "isis"), ("AU", "au"), ("US", "usa"),
                             ("Sadr", "sadr"), ("Muqtada al-Sadr", "sadr"), ("Asa'ib Ahl al-Haq", "aah"),
                             ("the Taliban", "taliban"), ("Ban Ki-moon", "ban"), ("NATO", "nato"),
                             ("Turkey", "tur")]:
        ix.add(surface, payload)
    return ix


def test_rules_by_shape() -> None:
    assert surface_rule("IS") == "exact" and surface_rule("Xi") == "exact" and surface_rule("NATO") == "exact"
    assert surface_rule("Sadr") == "word" and surface_rule("Hezbollah") == "word"
    assert surface_rule("Islamic State") == "name"


def test_short_aliases_need_exact_case(index: SurfaceIndex[str]) -> None:
    assert found(index, "IS fighters took the town.") == [("IS", "isis")]
    assert found(index, "This is what it is.") == []
    assert found(index, "Talks with the AU and the US went on.") == [("AU", "au"), ("US", "usa")]
    assert found(index, "Let us go to the au pair.") == []


def test_short_aliases_are_not_read_in_shouting_text(index: SurfaceIndex[str]) -> None:
    assert found(index, "WHAT IS NEXT FOR THE PLAN") == []
    assert found(index, "NATO and IS were named.") == [("NATO", "nato"), ("IS", "isis")]


def test_single_words_as_written_or_in_capitals(index: SurfaceIndex[str]) -> None:
    assert found(index, "Sadr said; SADR said; sadr said.") == [("Sadr", "sadr"), ("SADR", "sadr")]
    assert found(index, "a turkey for dinner") == []


def test_names_in_any_case_if_they_look_like_names(index: SurfaceIndex[str]) -> None:
    assert found(index, "ISLAMIC STATE claimed it") == [("ISLAMIC STATE", "isis")]
    assert found(index, "the islamic state of mind") == []
    assert looks_like_name("Haidar al-Abadi") and looks_like_name("Ban Ki-moon") and not looks_like_name("world bank")


def test_longest_match_boundaries_and_spellings(index: SurfaceIndex[str]) -> None:
    assert found(index, "Muqtada al-Sadr spoke") == [("Muqtada al-Sadr", "sadr")]
    assert found(index, "Muqtada al Sadr spoke") == [("Muqtada al Sadr", "sadr")]  # hyphen or space
    assert found(index, "Asa’ib Ahl al-Haq fighters") == [("Asa’ib Ahl al-Haq", "aah")]  # curly apostrophe
    assert found(index, "ISIS and pro-Sadr crowds, Sadr-led bloc") == []  # never inside a word
    assert found(index, "The Taliban said") == [("Taliban", "taliban")]  # the article is not a part
    assert found(index, "Ban Ki-moon arrived") == [("Ban Ki-moon", "ban")]


def test_shipped_kb_guards_common_words() -> None:
    kb = load_kb()
    text = "It is what it is: the US said the AU will act, as will Turkey, Chad and Jordan, who may meet in May."
    names = {text[s:e]: a.id for s, e, a in kb.find(text)}
    assert "is" not in names and "May" not in names and "may" not in names and "who" not in names
    assert kb.find("The trump card is the turkey.") == []
    assert kb.find("IS claimed it. Daesh fighters fled; the ISLAMIC STATE group said.")[0][2].id == "islamic_state"


def test_shipped_kb_has_no_duplicate_ids_across_files() -> None:
    import yaml

    from eventwire.resolve.actors import _knowledge

    ids: list[str] = []
    for name in ("actors.yaml", "leaders.yaml"):
        ids += [a["id"] for a in yaml.safe_load(_knowledge(name) or "")["actors"]]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


def test_matching_is_fast_enough_for_every_article() -> None:
    kb = load_kb()
    text = ("Iraqi Prime Minister Haider al-Abadi met United Nations envoys in Baghdad on Tuesday, "
            "while Hezbollah and the Islamic State traded accusations. ") * 40
    kb.find(text)
    start = time.perf_counter()
    for _ in range(10):
        kb.find(text)
    per_article = (time.perf_counter() - start) / 10
    assert per_article < 0.25, per_article  # ~5,000 words; typically a few ms


def test_generated_table_keeps_its_licence_and_provenance() -> None:
    from eventwire.resolve.actors import _knowledge

    text = _knowledge("phoenix_actors.tsv") or ""
    head = "\n".join(line for line in text.splitlines()[:60] if line.startswith("#"))
    assert "The MIT License" in head and "Open Event Data Alliance" in head and "build_phoenix_kb.py" in head
