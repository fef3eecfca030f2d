"""The PETRARCH2 validation suite as a peer check: code its records, compare CAMEO triples.

The suite (PETR.UnitTest.records.jsonl, beside PETR.Validate.actors/agents/verbs.txt)
gives, per sentence, the events PETRARCH2 should code as (source actor code,
target actor code, CAMEO event code). Its actors are fictional (Arnor, Gondor) and
its verb codes its own (WEIS-era codes, test codes 901-915), so eventwire imports
the suite's dictionaries with `kb import-petrarch` and `kb import-petrarch-verbs`,
runs its real pipeline with them as the whole KB and the whole event lexicon, and
writes each event as PETRARCH triples (`kb/suite_triples.py` says how).

Agreement is over the expected triples (each matched at most once): exact when
all three parts are equal, root when the actor codes are equal and the event
codes share their first two digits (the CAMEO root).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventwire.extract.lexicon import load_lexicon
from eventwire.kb.output import import_petrarch, import_petrarch_verbs
from eventwire.kb.suite_triples import Triple, result_triples, side_code
from eventwire.pipeline import Knowledge
from eventwire.resolve.actors import build_kb_from, user_source

RECORDS = "PETR.UnitTest.records.jsonl"
DICTIONARIES = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")
VERBS = "PETR.Validate.verbs.txt"
# The validation verbs are WEIS-era codes (023 is a neutral comment there, CAMEO's appeal for
# aid) and test codes (345, 901-915) with no CAMEO root, so no PLOVER type read off
# knowledge/cameo.tsv means what the dictionary means. Every entry gets one type that steers
# the pipeline least: not a content type (a REQUEST-typed "said" would swallow the event it
# reports) and not a self-acting one.
SUITE_TYPE = "CONSULT"


@dataclass
class SuiteReport:
    records: int = 0
    expected: int = 0
    predicted: int = 0
    exact: int = 0
    root: int = 0
    sides: int = 0  # expected triples whose (source, target) some coded triple has: the KB's share
    codes: int = 0  # expected triples whose event root some coded triple has: the lexicon's share
    seconds: float = 0.0
    misses: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def exact_agreement(self) -> float:
        return self.exact / self.expected if self.expected else 0.0

    @property
    def root_agreement(self) -> float:
        return self.root / self.expected if self.expected else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"records": self.records, "expected": self.expected, "predicted": self.predicted,
                "exact": self.exact, "root": self.root, "exact_agreement": round(self.exact_agreement, 4),
                "root_agreement": round(self.root_agreement, 4), "sides": self.sides, "codes": self.codes,
                "seconds": round(self.seconds, 1)}


def available(suite_dir: Path) -> bool:
    return all((suite_dir / n).is_file() for n in (RECORDS, *DICTIONARIES, VERBS))


def load_records(suite_dir: Path) -> list[dict[str, Any]]:
    with (suite_dir / RECORDS).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def iso_date(yyyymmdd: str) -> str | None:
    d = str(yyyymmdd or "")
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 and d.isdigit() else None


def write_validation_kb(suite_dir: Path, out: Path) -> Path:
    """The suite's own actor and agent dictionaries as an eventwire KB file."""
    import_petrarch([suite_dir / n for n in DICTIONARIES], out, lenient=True)
    return out


def agreement(expected: Sequence[Triple], predicted: Sequence[Triple]) -> tuple[int, int]:
    """(exact matches, root matches) of expected triples, each predicted triple used once."""
    exact_pool = Counter(predicted)
    exact = 0
    for triple in expected:
        if exact_pool[triple] > 0:
            exact_pool[triple] -= 1
            exact += 1
    root_pool = Counter((src, tgt, code[:2]) for src, tgt, code in predicted)
    root = 0
    for src, tgt, code in expected:
        key = (src, tgt, code[:2])
        if root_pool[key] > 0:
            root_pool[key] -= 1
            root += 1
    return exact, root


def expected_triples(record: dict[str, Any]) -> list[Triple]:
    return [(str(e["source"]).upper(), str(e["target"]).upper(), str(e["event"]))
            for e in record.get("expected_events", [])]


def write_validation_lexicon(suite_dir: Path, out: Path) -> Path:
    """The suite's own verb dictionary as an eventwire event lexicon (generated at run time, never shipped)."""
    import_petrarch_verbs([suite_dir / VERBS], out, fixed_type=SUITE_TYPE)
    return out


def suite_knowledge(suite_dir: Path, tmp: Path, lexicon: str = "petrarch"
                    ) -> tuple[Knowledge, dict[int, dict[str, Any]]]:
    """The suite's KB, and its verb dictionary as the only lexicon (or eventwire's shipped one), with
    the YAML of each imported entry by the identity of its parsed entry (for paired codes)."""
    # Only the suite's actors and agents, as PETRARCH has them: eventwire's shipped KB would
    # add its own readings ("MSF" as an organisation, "mayor" as GOV) that the suite does not have.
    kb = build_kb_from([user_source(write_validation_kb(suite_dir, tmp / "petr_validate.yaml"))])
    if lexicon == "shipped":
        return Knowledge(lexicon=load_lexicon(), kb=kb), {}
    path = write_validation_lexicon(suite_dir, tmp / "petr_verbs.yaml")
    lex = load_lexicon((path,), shipped=False)
    raw = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("entries", [])
    return Knowledge(lexicon=lex, kb=kb), {id(e): r for e, r in zip(lex.entries, raw, strict=True)}


def run_suite(suite_dir: Path, records: Iterable[dict[str, Any]] | None = None, lexicon: str = "petrarch",
              dictionary_codes: bool = True) -> SuiteReport:
    """Code every record with the suite's dictionaries and score the triples.

    `lexicon="shipped"` codes with eventwire's own event lexicon instead of the suite's verbs;
    `dictionary_codes=False` scores eventwire's own codes for intended acts (036/138) rather
    than the dictionary's code for the verb (see `result_triples`).
    """
    from eventwire.ingest import article_from_text
    from eventwire.nlp import annotate_many
    from eventwire.pipeline import analyse

    recs = list(records) if records is not None else load_records(suite_dir)
    report = SuiteReport(records=len(recs))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        knowledge, raw_entries = suite_knowledge(suite_dir, Path(tmp), lexicon)
        items = [article_from_text(r["text"], published=iso_date(r.get("date", ""))) for r in recs]
        docs = annotate_many(i.article.text for i in items)
        for record, item, doc in zip(recs, items, docs, strict=True):
            day = iso_date(record.get("date", ""))
            expected = expected_triples(record)
            try:
                result = analyse(item, doc, knowledge).to_dict()
            except Exception as exc:  # one bad record must not stop the suite; it scores as no events
                report.errors.append(f"{record['id']}: {exc!r}")
                result = {}
            predicted = result_triples(result, knowledge.kb, day, doc, knowledge.lexicon, raw_entries,
                                       dictionary_codes=dictionary_codes)
            exact, root = agreement(expected, predicted)
            report.expected += len(expected)
            report.predicted += len(predicted)
            report.exact += exact
            report.root += root
            report.sides += sum(1 for s, t, _ in expected if any(p[:2] == (s, t) for p in predicted))
            report.codes += sum(1 for _, _, c in expected if any(p[2][:2] == c[:2] for p in predicted))
            if root < len(expected):
                report.misses.append({"id": record["id"], "text": record["text"], "expected": expected,
                                      "predicted": predicted})
    report.seconds = time.perf_counter() - start
    return report


__all__ = ["SuiteReport", "Triple", "agreement", "available", "load_records", "run_suite", "side_code",
           "write_validation_kb", "write_validation_lexicon"]
