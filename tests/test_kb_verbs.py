"""The PETRARCH verb-dictionary importer, on a small dictionary written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from eventwire.extract.lexicon import build_lexicon, load_lexicon
from eventwire.kb.petrarch import import_files, is_verb_file
from eventwire.kb.verb_lexicon import convert, verb_lemmas
from eventwire.kb.verbs import read_verb_dictionary

VERBS = """\
<!-- A TEST VERB DICTIONARY -->
&BONDS
+TRADE
+ARMS_CONTROL
+CULTURAL

&WIDE_     # a label ending in "_" (no plurals)
+&BONDS
+SPORTING

--- MEND  [061]  ---
MEND           # a comment
REPAIR {REPAIRS REPAIRED REPAIRING}
- * DIPLOMATIC TIES [701]
- * &BONDS PACTS [702]
- * &BONDS [704]
- % HAVE * [703]
- * FENCE [---]

--- SUMMONED  [071:072]  ---
SUMMONED

--- SUMMON  [081] ---
SUMMON

--- APPEAL [091] ---
APPEAL
- *_TO + [092]
- * AT ^ WITH + [093]
- * FOR &SCARCE [099]

--- RULE OUT [111] ---
RULE OUT
WIRE_+TAP [112]

--- PONDER [---] ---
PONDER
- * HOSTILE_TAKEOVER [121]
- * BIG_IDEAS [+++]
"""

# A stand-in for spaCy's lemmatizer: the few words the dictionary above needs.
LEMMAS = {"summoned": "summon", "summoneded": "summonede", "repaired": "repair", "mended": "mend", "pacts": "pact",
          "ties": "tie", "pondered": "ponder", "appealed": "appeal", "ruled": "rule", "tapped": "tap",
          "taped": "tape"}


KNOWN = {"mend", "repair", "summon", "appeal", "rule", "tap", "ponder"}


def fake_lemma(word: str, pos: str) -> str:
    return LEMMAS.get(word, word)


FAKE = (fake_lemma, KNOWN.__contains__)


def real_types(code: str) -> str | None:
    return {"06": "COOPERATE", "07": "AID", "08": "CONCEDE", "09": "REQUEST", "11": "REJECT"}.get(code[:2])


def test_blocks_verbs_patterns_and_synsets_are_read() -> None:
    d = read_verb_dictionary(VERBS)
    assert d.synsets["BONDS"] == [("trade",), ("arms", "control"), ("cultural",)]
    assert d.synsets["WIDE"] == [("trade",), ("arms", "control"), ("cultural",), ("sporting",)]  # nested synset
    mend = d.blocks[0]
    assert (mend.name, mend.code) == ("mend", "061")
    assert [v.word for v in mend.verbs] == ["mend", "repair"]
    assert mend.verbs[1].forms == ("repairs", "repaired", "repairing")
    assert mend.patterns[1].upper == ("&bonds", "pacts") and mend.patterns[1].code == "702"
    assert mend.patterns[3].lower == ("%", "have")
    rule = d.blocks[4]
    assert (rule.verbs[0].word, rule.verbs[0].after) == ("rule", ("out",))
    tap = rule.verbs[1]
    assert (tap.word, tap.before, tap.code) == ("tap", ("wire",), "112")
    appeal = d.blocks[3]
    assert appeal.patterns[0].joined_after and appeal.patterns[0].upper == ("to", "+")


def test_verb_files_are_told_from_actor_files(tmp_path: Path) -> None:
    assert is_verb_file(VERBS)
    assert not is_verb_file("VALDORIA [VLD]\n+VALDORIAN\n")
    path = tmp_path / "test.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    from eventwire.kb.petrarch import ImportReport

    report = ImportReport()
    assert import_files([path], report=report) == {"actors": [], "agents": {}}
    assert "import-petrarch-verbs" in report.skipped[0]


def test_headwords_become_lemmas() -> None:
    assert verb_lemmas("summoned", *FAKE) == ["summon"]  # inflected
    assert verb_lemmas("mend", *FAKE) == ["mend"]  # a known verb
    lemmas = {"wound": "wind", "exchanged": "exchange", "cordoned": "cordone"}
    assert verb_lemmas("wound", lambda w, p: lemmas.get(w, w), {"wound"}.__contains__) == ["wound"]  # not "wind"
    assert verb_lemmas("exchang", lambda w, p: lemmas.get(w, w), lambda w: False)[0] == "exchange"  # a stem
    # A verb the lemmatizer does not know: the lemma its forms will get, and the word itself.
    assert verb_lemmas("cordon", lambda w, p: lemmas.get(w, w), lambda w: False) == ["cordone", "cordon"]


def entries_by_lemma(**kw) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for e in convert(read_verb_dictionary(VERBS), real_types, FAKE, **kw).entries:
        out.setdefault(e["lemma"], []).append(e)
    return out


def test_patterns_become_entries_in_file_order_with_at_most_two_cues() -> None:
    mend = entries_by_lemma()["mend"]
    # Two cue groups: the first required, the second carries the code; the null base falls through.
    # 70x is no CAMEO code: the entries take the type of the block's code, 061.
    assert mend[0] == {"lemma": "mend", "cameo": "---", "requires": ["diplomatic"],
                       "refine": [{"cue": ["tie", "ties"], "cameo": "701", "type": "COOPERATE"}]}
    # A synset stands for its members' last content words ("arms control" -> control).
    # PACTS is rarer in the block than &BONDS, so it is the one required.
    assert mend[1] == {"lemma": "mend", "cameo": "---", "requires": ["pact", "pacts"],
                       "refine": [{"cue": ["control", "cultural", "trade"], "cameo": "702", "type": "COOPERATE"}]}
    # A synset alone leaves a slot free: one entry per phrase needing both its words, then the single words.
    assert mend[2] == {"lemma": "mend", "cameo": "---", "requires": ["arms"],
                       "refine": [{"cue": ["control"], "cameo": "704", "type": "COOPERATE"}]}
    assert mend[3] == {"lemma": "mend", "cameo": "704", "type": "COOPERATE", "requires": ["cultural", "trade"]}
    assert mend[4] == {"lemma": "mend", "cameo": "703", "type": "COOPERATE", "requires": ["have"],
                       "reciprocal": True}
    assert mend[-1] == {"lemma": "mend", "cameo": "061"}  # the bare verb comes last
    assert not any(e.get("cameo") == "---" and "refine" not in e for e in mend)  # [---] patterns are dropped


def test_frames_particles_and_targets() -> None:
    by = entries_by_lemma()
    appeal = by["appeal"]
    assert appeal[0] == {"lemma": "appeal", "prep": "to", "recipient": "prep:to", "cameo": "092"}
    assert appeal[1]["prep"] == "at" and appeal[1]["recipient"] == "prep:with"  # "* AT ^ WITH +"
    assert all(e["cameo"] != "099" for e in appeal)  # undefined synset: PETRARCH skips the pattern
    assert by["rule"] == [{"lemma": "rule", "prep": "out", "cameo": "111"}]
    assert by["wire tap"] == [{"lemma": "wire tap", "cameo": "112"}]


def test_inflected_headwords_keep_their_surface_and_paired_codes_their_raw_code() -> None:
    summon = entries_by_lemma()["summon"]
    # SUMMONED is tried before SUMMON and only for that form.
    assert summon[0] == {"lemma": "summon", "cameo": "071", "raw_code": "071:072", "requires": ["summoned"]}
    assert summon[1] == {"lemma": "summon", "cameo": "081"}


def test_types_null_codes_and_complex_codes() -> None:
    d = read_verb_dictionary(VERBS)
    plain = convert(d, real_types, FAKE)
    assert not any(e["lemma"] == "ponder" and e["cameo"] == "---" and "refine" not in e for e in plain.entries)
    assert any("[+++]" in s for s in plain.skipped)
    assert any("has no PLOVER type" in s for s in plain.skipped)  # root 12 has no type here
    fixed = convert(d, real_types, FAKE, fixed_type="CONSULT")
    assert all(e.get("type") == "CONSULT" or e["refine"][0]["type"] == "CONSULT" for e in fixed.entries)
    defaulted = convert(d, real_types, FAKE, default_type="AID")
    assert {"lemma": "ponder", "cameo": "121", "type": "AID", "requires": ["hostile"]} not in defaulted.entries
    assert any(e["lemma"] == "ponder" and e.get("refine", [{}])[0].get("type") == "AID" for e in defaulted.entries)


def test_the_lexicon_loader_reads_the_entries_and_can_leave_the_shipped_ones_out(tmp_path: Path) -> None:
    entries = convert(read_verb_dictionary(VERBS), real_types, FAKE).entries
    path = tmp_path / "lex.yaml"
    path.write_text(yaml.safe_dump({"entries": entries}), encoding="utf-8")
    cameo = (Path(__file__).resolve().parents[1] / "src/eventwire/knowledge/cameo.tsv").read_text(encoding="utf-8")
    lexicon = build_lexicon([path.read_text(encoding="utf-8")], cameo)
    assert len(lexicon.entries) == len(entries)
    assert [e.cameo for e in lexicon.candidates("mend", "verb")][-1] == "061"
    alone = load_lexicon((path,), shipped=False)
    assert len(alone.entries) == len(entries)
    assert len(load_lexicon((path,)).entries) > len(entries)  # the default keeps the shipped entries


@pytest.mark.slow
def test_imported_verbs_code_sentences(tmp_path: Path) -> None:
    """End to end: an imported dictionary is the only lexicon, and its patterns pick the code."""
    from eventwire.ingest import article_from_text
    from eventwire.kb.output import import_petrarch_verbs
    from eventwire.pipeline import Knowledge, process
    from eventwire.resolve.actors import load_kb

    src = tmp_path / "test.verbs.txt"
    src.write_text(VERBS, encoding="utf-8")
    out = tmp_path / "lex.yaml"
    assert import_petrarch_verbs([src], out, fixed_type="COOPERATE")[0] is None
    knowledge = Knowledge(lexicon=load_lexicon((out,), shipped=False), kb=load_kb())
    texts = ["France mended diplomatic ties with Germany on Monday.",
             "France mended old ties with Germany on Monday.",
             "France repaired trade pacts with Germany on Monday.",
             "France appealed to Germany on Monday."]
    results = list(process([article_from_text(t) for t in texts], knowledge))
    coded = [[(e.actor.country if e.actor else None, e.recipient.country if e.recipient else None, e.cameo)
              for e in r.events] for r in results]  # type: ignore[union-attr]
    assert coded[0] == [("FRA", "DEU", "701")]
    assert coded[1] == [("FRA", "DEU", "061")]  # no "diplomatic": the pattern falls through to the verb
    assert coded[2] == [("FRA", "DEU", "702")]  # REPAIR shares MEND's patterns
    assert coded[3] == [("FRA", "DEU", "092")]  # "*_TO +": the object of "to" is the target


@pytest.mark.slow
def test_the_cli_writes_a_lexicon_and_refuses_an_unknown_type(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    src = tmp_path / "test.verbs.txt"
    src.write_text(VERBS, encoding="utf-8")
    out = tmp_path / "lex.yaml"
    done = CliRunner().invoke(app, ["kb", "import-petrarch-verbs", str(src), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "lexicon entries" in done.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["entries"]
    bad = CliRunner().invoke(app, ["kb", "import-petrarch-verbs", str(src), "--type", "HUG"])
    assert bad.exit_code == 2
