"""The PETRARCH2 validation suite as a peer check: code its records, compare CAMEO triples.

The suite (PETR.UnitTest.records.jsonl, beside PETR.Validate.actors/agents.txt)
gives, per sentence, the events PETRARCH2 should code as (source actor code,
target actor code, CAMEO event code). Its actors are fictional (Arnor, Gondor),
so eventwire imports the suite's own dictionaries with `kb import-petrarch`, runs
its real pipeline with that KB, and writes each event as a triple: a side's code
is its KB actor's CAMEO code on the record's date plus the sectors eventwire
found around it (an agent word such as "minister"), or country + sectors for an
actor the KB does not know, or "---" for a missing side.

Agreement is over the expected triples (each matched at most once): exact when
all three parts are equal, root when the actor codes are equal and the event
codes share their first two digits (the CAMEO root).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.kb.output import import_petrarch
from eventwire.resolve.actors import ActorKb

Triple = tuple[str, str, str]
RECORDS = "PETR.UnitTest.records.jsonl"
DICTIONARIES = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")
NULL = "---"


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
    return all((suite_dir / n).is_file() for n in (RECORDS, *DICTIONARIES))


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


def side_code(side: dict[str, Any] | None, entities: dict[str, dict[str, Any]], kb: ActorKb,
              day: str | None) -> str:
    """The CAMEO actor code of one event side (see the module docstring)."""
    if not side:
        return NULL
    entity = entities.get(side.get("entity") or "", {})
    sectors = [s for s in (side.get("sectors") or entity.get("sectors") or []) if s]
    actor = kb.actor(entity["kb_id"]) if entity.get("kb_id") else None
    code = actor.code_on(day) if actor is not None else None
    if code is None:
        code = (side.get("country") or entity.get("country") or NULL) + "".join(sectors)
        return code
    blocks = {code[i:i + 3] for i in range(0, len(code), 3)}
    return code + "".join(s for s in sectors if s not in blocks)


def result_triples(result: dict[str, Any], kb: ActorKb, day: str | None) -> list[Triple]:
    """(source, target, CAMEO) for each asserted event of a contract dict."""
    entities = {e["id"]: e for e in result.get("entities", [])}
    out: list[Triple] = []
    for ev in result.get("events", []):
        if ev.get("status", "asserted") != "asserted" or not ev.get("cameo"):
            continue
        out.append((side_code(ev.get("actor"), entities, kb, day),
                    side_code(ev.get("recipient"), entities, kb, day), str(ev["cameo"])))
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


def run_suite(suite_dir: Path, records: Iterable[dict[str, Any]] | None = None) -> SuiteReport:
    """Code every record with the suite's KB and score the triples."""
    import time

    from eventwire.ingest import article_from_text
    from eventwire.model import ArticleResult
    from eventwire.pipeline import load_knowledge, process

    recs = list(records) if records is not None else load_records(suite_dir)
    report = SuiteReport(records=len(recs))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        kb_path = write_validation_kb(suite_dir, Path(tmp) / "petr_validate.yaml")
        knowledge = load_knowledge(extra_kb=(kb_path,))
        items = [article_from_text(r["text"], published=iso_date(r.get("date", ""))) for r in recs]
        for record, result in zip(recs, process(items, knowledge), strict=True):
            expected = expected_triples(record)
            predicted = (result_triples(result.to_dict(), knowledge.kb, iso_date(record.get("date", "")))
                         if isinstance(result, ArticleResult) else [])
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
