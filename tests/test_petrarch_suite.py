"""The PETRARCH2 validation suite as a peer check, with pinned floors.

Reads ../shared/eval/petrarch_unittest/ (skips with a message when it is absent),
imports its own PETR.Validate actor, agent and verb dictionaries with the importers
(the verbs become the only event lexicon), codes each record with the real pipeline
and compares (source, target, CAMEO) triples (eventwire/kb/suite.py). Raising a
floor is a commit; lowering one must be explained. Print the figures with
`python scripts/petrarch_suite.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.kb.suite import (
    available,
    load_records,
    run_suite,
    side_code,
    write_validation_kb,
    write_validation_lexicon,
)

SUITE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "petrarch_unittest"
# Measured with the suite's own verbs as the lexicon: exact 0.733 (263/359), root 0.758 (272/359);
# the target is root >= 0.75. The misses left are mostly sides and PETRARCH conventions
# the lexicon cannot state (see docs/kb.md).
EXACT_FLOOR = 0.72
ROOT_FLOOR = 0.75


@pytest.fixture(scope="module")
def suite_dir() -> Path:
    if not available(SUITE):
        pytest.skip(f"{SUITE} is absent: the PETRARCH2 suite needs the shared data folder beside the repo")
    return SUITE


@pytest.fixture(scope="module")
def report(suite_dir: Path):
    return run_suite(suite_dir)


def test_agreement_stays_above_its_floors(report) -> None:
    print(report.to_json())
    assert report.expected == 359
    assert not report.errors, report.errors
    assert report.exact_agreement >= EXACT_FLOOR, report.to_json()
    assert report.root_agreement >= ROOT_FLOOR, report.to_json()


def test_the_validation_verbs_import_as_a_lexicon(suite_dir: Path, tmp_path: Path) -> None:
    import yaml

    from eventwire.extract.lexicon import load_lexicon

    path = write_validation_lexicon(suite_dir, tmp_path / "verbs.yaml")
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    lexicon = load_lexicon((path,), shipped=False)
    assert len(lexicon.entries) == len(entries) > 600
    # LEFT [032:033] comes before LEAVE [012] and only for its own form; the pair is kept.
    leave = [e for e in entries if e["lemma"] == "leave"]
    assert leave[0] == {"lemma": "leave", "cameo": "032", "type": "CONSULT", "raw_code": "032:033",
                        "requires": ["left"]}
    assert leave[-1]["cameo"] == "012"
    # RESTORE's "* DIPLOMATIC [064]" before the bare verb, a real CAMEO code.
    assert {"lemma": "restore", "cameo": "064", "type": "CONSULT", "requires": ["diplomatic"]} in entries


def test_the_validation_dictionaries_import_with_their_date_restrictions(suite_dir: Path, tmp_path: Path) -> None:
    from eventwire.resolve.actors import load_kb

    kb = load_kb((write_validation_kb(suite_dir, tmp_path / "petr.yaml"),))
    (_, _, sam), = kb.find("Sam Gamgee")
    # The suite's DATE records: a narrower restriction listed first wins over a later one.
    assert sam.code_on("2007-01-01") == "HOBCIV"
    assert sam.code_on("2010-01-10") == "ORCHOB"
    assert sam.code_on("2010-06-01") == "HOBMIL"
    assert sam.code_on("2012-12-01") == "HOBGOV"
    assert sam.code_on("2014-01-01") == "HOBELI"
    (_, _, gollum), = kb.find("Slinker")
    assert gollum.code_on("1998-01-01") == "HOBGOV"
    assert kb.agent("foreign minister") is not None and kb.agent("foreign minister").code == "~GOVFRM"


def test_sides_map_to_codes(suite_dir: Path, tmp_path: Path) -> None:
    from eventwire.resolve.actors import load_kb

    kb = load_kb((write_validation_kb(suite_dir, tmp_path / "petr.yaml"),))
    entities = {"e1": {"id": "e1", "kb_id": "arnor", "country": "ARN", "sectors": []},
                "e2": {"id": "e2", "kb_id": None, "country": "GON", "sectors": ["GOV"]}}
    assert side_code({"entity": "e1", "country": "ARN", "sectors": ["GOV"]}, entities, kb, "1995-01-01") == "ARNGOV"
    assert side_code({"entity": "e2", "country": "GON", "sectors": ["GOV"]}, entities, kb, None) == "GONGOV"
    assert side_code(None, entities, kb, None) == "---"
    assert len(load_records(suite_dir)) == 284
