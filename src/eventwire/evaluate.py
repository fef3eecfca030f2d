"""The gold format and the scores of EVAL.md (pure scoring; the CLI lives elsewhere).

Each score compares, document by document, a gold record (EVAL.md's JSONL format)
with the predicted contract dict (DESIGN.md's output contract) for the same text.

Where EVAL.md leaves room, this module decides as follows, so that figures stay
comparable over time:

* **What is annotated.** Empty lists mean "not annotated in this dataset", so a
  kind (events, quotes, places) counts for a dataset (the record's ``dataset``
  field) when at least one of its documents has a non-empty gold list of that
  kind. Every document of such a dataset is scored, so a prediction in one of its
  documents with an empty gold list is a false positive; documents of other
  datasets are left out. When no dataset annotates a kind, its score is ``None``
  (``null`` in JSON). Labels count per document: a document counts when it has a
  ``labels`` object.
* **Matching.** Every one-to-one matching is a maximum bipartite matching (BFS
  augmenting paths), not greedy-by-order. Among the candidates of one gold item,
  the larger span overlap is tried first, which only breaks ties.
* **events/full.** Gold ``actor``/``recipient`` are lists, the predicted ones a
  single participant or ``null``. A gold side whose list gives no country is not
  checked. Otherwise the predicted participant must exist and its country must be
  one of the gold countries given on that side (several gold actors, e.g. both
  parties of a reciprocal event, are alternatives, not all required).
* **labels.** The predicted set is the set of ``type`` values of the predicted
  events. Micro P/R/F1 count (document, type) pairs. Macro F1 averages the
  per-type F1 over every type in the gold or the predicted sets of the labelled
  documents, so a type that is only ever predicted adds an F1 of 0.
* **quotes.** Spans match when they overlap by at least half of the gold content
  span (``2 * overlap >= gold length``) and by at least one character. Speaker
  accuracy is over the matched pairs whose gold speaker is not ``null``; a pair
  is right when the predicted speaker span overlaps the gold speaker span, or
  when the predicted speaker's entity has a mention that overlaps it. A
  predicted quote with no speaker is wrong.
* **places.** Detection is a one-to-one matching of spans that overlap by at
  least one character. A gold place counts for acc@161km when it has
  coordinates; it is right when it is matched, the predicted place has
  coordinates, and the great-circle (haversine) distance is below 161 km.
  ``median_km`` is over the matched pairs where both sides have coordinates,
  ``None`` when there is none.
* **Zero denominators** give 0.0 for P, R, F1 and accuracies, so an empty
  result never looks perfect.
* **Predictions see no gold.** ``predict`` gets a copy of the record with only
  ``id``, ``dataset``, ``text``, ``published`` and ``title``. Every predicted
  event counts, whatever its ``status``; filtering is the predictor's business.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from eventwire.errors import ErrorCode, EventwireError

Record = dict[str, Any]
# (gold record, predicted contract dict) for one document.
Pair = tuple[Record, Record]

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
ACC_RADIUS_KM = 161.0  # 100 miles, the field's usual geocoding threshold
_INPUT_KEYS = ("id", "dataset", "text", "published", "title")
_LIST_KEYS = ("events", "quotes", "places")


# ---------------------------------------------------------------- gold file


def load_gold(path: str | Path) -> Iterator[Record]:
    """Yield the records of a gold JSONL file; blank lines are skipped.

    A line that is not a JSON object with a non-empty ``text`` raises
    `EventwireError` naming ``path:line``.
    """
    path = Path(path)
    try:
        handle = path.open("rb")  # bytes, so that a bad encoding is reported with its line
    except FileNotFoundError as exc:
        raise EventwireError(ErrorCode.E001_NOT_FOUND, str(path)) from exc
    with handle:
        for lineno, raw in enumerate(handle, 1):
            source = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise EventwireError(ErrorCode.E004_BAD_ENCODING, source) from exc
            if line.strip():
                yield _parse_gold_line(line, source)


def _parse_gold_line(line: str, source: str) -> Record:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg} at column {exc.colno}"
        raise EventwireError(ErrorCode.E006_BAD_JSON, source, detail=detail) from exc
    if not isinstance(record, dict):
        raise EventwireError(ErrorCode.E006_BAD_JSON, source, detail="expected one JSON object per line")
    if not isinstance(record.get("text"), str) or not record["text"]:
        raise EventwireError(ErrorCode.E007_MISSING_TEXT, source)
    for key in _LIST_KEYS:
        if not isinstance(record.get(key, []), list):
            raise EventwireError(ErrorCode.E008_BAD_FIELD, source, field=key, detail="expected a list")
    return record


# ---------------------------------------------------------------- score types


@dataclass(frozen=True)
class Score:
    """Counts of one comparison; P, R and F1 follow from them."""

    tp: int = 0
    n_gold: int = 0
    n_pred: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.n_gold + other.n_gold, self.n_pred + other.n_pred)

    @property
    def p(self) -> float:
        return _ratio(self.tp, self.n_pred)

    @property
    def r(self) -> float:
        return _ratio(self.tp, self.n_gold)

    @property
    def f1(self) -> float:
        # 2TP/(G+P) equals 2PR/(P+R) without the rounding of two divisions.
        return _ratio(2 * self.tp, self.n_gold + self.n_pred)

    def to_json(self) -> dict[str, Any]:
        return {"p": self.p, "r": self.r, "f1": self.f1, "n_gold": self.n_gold, "n_pred": self.n_pred}


@dataclass(frozen=True)
class EventScore:
    overall: Score
    per_type: dict[str, Score]

    def to_json(self) -> dict[str, Any]:
        return self.overall.to_json()


@dataclass(frozen=True)
class LabelScore:
    overall: Score
    per_type: dict[str, Score]

    @property
    def macro_f1(self) -> float:
        return statistics.fmean(s.f1 for s in self.per_type.values()) if self.per_type else 0.0

    def to_json(self) -> dict[str, Any]:
        return {**self.overall.to_json(), "macro_f1": self.macro_f1}


@dataclass(frozen=True)
class QuoteScore:
    overall: Score
    speaker_right: int
    speaker_total: int

    @property
    def speaker_acc(self) -> float:
        return _ratio(self.speaker_right, self.speaker_total)

    def to_json(self) -> dict[str, Any]:
        return {**self.overall.to_json(), "speaker_acc": self.speaker_acc}


@dataclass(frozen=True)
class PlaceScore:
    overall: Score
    acc_right: int
    acc_total: int
    errors_km: tuple[float, ...]

    @property
    def acc161(self) -> float:
        return _ratio(self.acc_right, self.acc_total)

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None

    def to_json(self) -> dict[str, Any]:
        return {**self.overall.to_json(), "acc161": self.acc161, "median_km": self.median_km}


@dataclass(frozen=True)
class EvalReport:
    events_type: EventScore | None
    events_full: EventScore | None
    labels: LabelScore | None
    quotes: QuoteScore | None
    places: PlaceScore | None
    n_docs: int = 0
    n_words: int = 0
    seconds: float = 0.0
    workers: int = 1

    @property
    def docs_per_s(self) -> float:
        return self.n_docs / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_s(self) -> float:
        return self.n_words / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        """The pinned ``eventwire eval --json`` object: exactly these keys."""
        return {
            "events_type": _json_or_none(self.events_type),
            "events_full": _json_or_none(self.events_full),
            "labels": _json_or_none(self.labels),
            "quotes": _json_or_none(self.quotes),
            "places": _json_or_none(self.places),
            "docs_per_s": self.docs_per_s,
        }


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _json_or_none(score: EventScore | LabelScore | QuoteScore | PlaceScore | None) -> dict[str, Any] | None:
    return None if score is None else score.to_json()


# ---------------------------------------------------------------- matching


def max_matching(candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """Maximum one-to-one matching of gold items to predicted items.

    ``candidates[g]`` lists the predicted indices that gold item ``g`` may match,
    in order of preference. Returns {gold index: predicted index}. Augmenting
    from each gold item once gives a maximum matching (Kuhn); BFS keeps it
    iterative, so long documents cannot hit the recursion limit.
    """
    gold_of: dict[int, int] = {}
    pred_of: dict[int, int] = {}
    for root in range(len(candidates)):
        came_from: dict[int, int] = {}  # predicted index -> gold index that reached it
        queue = deque([root])
        free: int | None = None
        while queue and free is None:
            g = queue.popleft()
            for p in candidates[g]:
                if p in came_from:
                    continue
                came_from[p] = g
                if p not in gold_of:
                    free = p
                    break
                queue.append(gold_of[p])
        _augment(free, came_from, gold_of, pred_of)
    return pred_of


def _augment(free: int | None, came_from: dict[int, int],
             gold_of: dict[int, int], pred_of: dict[int, int]) -> None:
    # Walk back from the free predicted item, flipping each edge of the path.
    while free is not None:
        g = came_from[free]
        previous = pred_of.get(g)
        gold_of[free] = g
        pred_of[g] = free
        free = previous


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters shared by two [start, end) spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _by_overlap(gold_spans: Sequence[tuple[int, int]], pred_spans: Sequence[tuple[int, int]],
                accept: Callable[[tuple[int, int], int], bool]) -> list[list[int]]:
    """Candidate lists for `max_matching`: larger overlap first, then text order."""
    lists = []
    for g in gold_spans:
        scored = [(overlap(g, p), i) for i, p in enumerate(pred_spans)]
        lists.append([i for ov, i in sorted(scored, key=lambda s: (-s[0], s[1])) if ov > 0 and accept(g, ov)])
    return lists


# ---------------------------------------------------------------- which documents count


def _annotated(pairs: Sequence[Pair], kind: str) -> list[Pair]:
    """The pairs of the datasets that annotate ``kind`` (see the module docstring)."""
    datasets = {gold.get("dataset", "") for gold, _ in pairs if gold.get(kind)}
    return [(gold, pred) for gold, pred in pairs if gold.get("dataset", "") in datasets]


def _items(record: Record, key: str) -> list[Any]:
    return list(record.get(key) or [])


# ---------------------------------------------------------------- events


def score_events(pairs: Sequence[Pair], full: bool = False) -> EventScore | None:
    """events/type (``full=False``) or events/full: micro P/R/F1 and a per-type table."""
    annotated = _annotated(pairs, "events")
    if not annotated:
        return None
    gold_n: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    tp_n: Counter[str] = Counter()
    for gold, pred in annotated:
        gold_events, pred_events = _items(gold, "events"), _items(pred, "events")
        gold_n.update(_type_of(e) for e in gold_events)
        pred_n.update(_type_of(e) for e in pred_events)
        tp_n.update(_type_of(gold_events[g]) for g in match_events(gold_events, pred_events, full))
    per_type = {t: Score(tp_n[t], gold_n[t], pred_n[t]) for t in sorted(gold_n.keys() | pred_n.keys())}
    return EventScore(sum(per_type.values(), Score()), per_type)


def match_events(gold_events: Sequence[Record], pred_events: Sequence[Record], full: bool) -> dict[int, int]:
    """One document's one-to-one matching {gold index: predicted index}."""
    candidates = [
        [i for i, p in enumerate(pred_events) if _event_matches(g, p, full)] for g in gold_events
    ]
    return max_matching(candidates)


def _type_of(event: Record) -> str:
    return str(event.get("type"))


def _event_matches(gold: Record, pred: Record, full: bool) -> bool:
    if _type_of(gold) != _type_of(pred):
        return False
    if not full:
        return True
    return _side_matches(_items(gold, "actor"), pred.get("actor")) and _side_matches(
        _items(gold, "recipient"), pred.get("recipient")
    )


def _side_matches(gold_side: Sequence[Record], pred_side: Record | None) -> bool:
    """The predicted country must be one of the gold countries given on this side."""
    countries = {a.get("country") for a in gold_side if a.get("country")}
    if not countries:
        return True
    return pred_side is not None and pred_side.get("country") in countries


# ---------------------------------------------------------------- labels


def score_labels(pairs: Sequence[Pair]) -> LabelScore | None:
    """Predicted vs gold sets of event types, over documents with a ``labels`` object."""
    gold_n: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    tp_n: Counter[str] = Counter()
    labelled = 0
    for gold, pred in pairs:
        labels = gold.get("labels")
        if not isinstance(labels, dict):
            continue
        labelled += 1
        gold_set = {str(t) for t in labels.get("event_types") or []}
        pred_set = {_type_of(e) for e in _items(pred, "events") if e.get("type")}
        gold_n.update(gold_set)
        pred_n.update(pred_set)
        tp_n.update(gold_set & pred_set)
    if not labelled:
        return None
    per_type = {t: Score(tp_n[t], gold_n[t], pred_n[t]) for t in sorted(gold_n.keys() | pred_n.keys())}
    return LabelScore(sum(per_type.values(), Score()), per_type)


# ---------------------------------------------------------------- quotes


def score_quotes(pairs: Sequence[Pair]) -> QuoteScore | None:
    """Quote detection by half-overlap of the content span, and speaker accuracy."""
    annotated = _annotated(pairs, "quotes")
    if not annotated:
        return None
    total, right, judged = Score(), 0, 0
    for gold, pred in annotated:
        gold_quotes, pred_quotes = _items(gold, "quotes"), _items(pred, "quotes")
        matching = match_quotes(gold_quotes, pred_quotes)
        total += Score(len(matching), len(gold_quotes), len(pred_quotes))
        mentions = _mentions_by_entity(pred)
        for g, p in matching.items():
            gold_speaker = gold_quotes[g].get("speaker")
            if gold_speaker is None:  # unattributed gold quote: nothing to compare
                continue
            judged += 1
            right += _speaker_right(_span(gold_speaker), pred_quotes[p].get("speaker"), mentions)
    return QuoteScore(total, right, judged)


def match_quotes(gold_quotes: Sequence[Record], pred_quotes: Sequence[Record]) -> dict[int, int]:
    """One document's quote matching {gold index: predicted index}."""
    gold_spans = [_span(q["content"]) for q in gold_quotes]
    pred_spans = [(int(q["start"]), int(q["end"])) for q in pred_quotes]
    return max_matching(_by_overlap(gold_spans, pred_spans, _half_of_gold))


def _half_of_gold(gold: tuple[int, int], shared: int) -> bool:
    return 2 * shared >= gold[1] - gold[0]


def _span(value: Sequence[int]) -> tuple[int, int]:
    return int(value[0]), int(value[1])


def _mentions_by_entity(pred: Record) -> dict[str, list[tuple[int, int]]]:
    return {
        str(e.get("id")): [(int(m["start"]), int(m["end"])) for m in e.get("mentions") or []]
        for e in _items(pred, "entities")
    }


def _speaker_right(gold: tuple[int, int], speaker: Record | None,
                   mentions: dict[str, list[tuple[int, int]]]) -> bool:
    if speaker is None:
        return False
    if speaker.get("start") is not None and overlap(gold, (int(speaker["start"]), int(speaker["end"]))) > 0:
        return True
    # "he said" is right when "he" was resolved to the entity the gold span names.
    entity_mentions = mentions.get(str(speaker.get("entity")), [])
    return any(overlap(gold, m) > 0 for m in entity_mentions)


# ---------------------------------------------------------------- places


def score_places(pairs: Sequence[Pair]) -> PlaceScore | None:
    """Place detection by span overlap, acc@161km over all gold places, median error."""
    annotated = _annotated(pairs, "places")
    if not annotated:
        return None
    total, right, judged = Score(), 0, 0
    errors: list[float] = []
    for gold, pred in annotated:
        gold_places, pred_places = _items(gold, "places"), _items(pred, "places")
        matching = match_places(gold_places, pred_places)
        total += Score(len(matching), len(gold_places), len(pred_places))
        for g, place in enumerate(gold_places):
            if not _has_coords(place):
                continue
            judged += 1  # a missing prediction stays in the denominator: it counts wrong
            error = _error_km(place, pred_places[matching[g]]) if g in matching else None
            if error is not None:
                errors.append(error)
                right += error < ACC_RADIUS_KM
    return PlaceScore(total, right, judged, tuple(errors))


def match_places(gold_places: Sequence[Record], pred_places: Sequence[Record]) -> dict[int, int]:
    """One document's place matching {gold index: predicted index}."""
    gold_spans = [(int(p["start"]), int(p["end"])) for p in gold_places]
    pred_spans = [(int(p["start"]), int(p["end"])) for p in pred_places]
    return max_matching(_by_overlap(gold_spans, pred_spans, lambda _g, _ov: True))


def _has_coords(place: Record) -> bool:
    return place.get("lat") is not None and place.get("lon") is not None


def _error_km(gold: Record, pred: Record) -> float | None:
    if not _has_coords(pred):
        return None
    return haversine_km(gold["lat"], gold["lon"], pred["lat"], pred["lon"])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of the mean Earth radius."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# ---------------------------------------------------------------- the run


def score_pairs(pairs: Sequence[Pair], seconds: float = 0.0, workers: int = 1) -> EvalReport:
    """Every score of EVAL.md over already predicted documents."""
    return EvalReport(
        events_type=score_events(pairs, full=False),
        events_full=score_events(pairs, full=True),
        labels=score_labels(pairs),
        quotes=score_quotes(pairs),
        places=score_places(pairs),
        n_docs=len(pairs),
        n_words=sum(len(str(gold.get("text", "")).split()) for gold, _ in pairs),
        seconds=seconds,
        workers=workers,
    )


def evaluate(gold: Iterable[Record], predict: Callable[[Record], Record],
             sample: int | None = None, workers: int = 1) -> EvalReport:
    """Predict every gold document (the first ``sample`` ones if given) and score.

    ``predict`` gets only the input fields of a record and returns the contract
    dict. With ``workers > 1`` it runs in worker processes, so it must be
    picklable (a module-level function). Only prediction is timed.
    """
    if sample is not None and sample < 1:
        raise ValueError(f"sample must be at least 1, not {sample}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    records = list(islice(gold, sample)) if sample is not None else list(gold)
    inputs = [{key: record.get(key) for key in _INPUT_KEYS} for record in records]
    start = time.perf_counter()
    predictions = _predict_all(predict, inputs, workers)
    seconds = time.perf_counter() - start
    for index, prediction in enumerate(predictions):
        if not isinstance(prediction, dict):
            raise TypeError(f"predict returned {type(prediction).__name__} for document {index}, not a dict")
    return score_pairs(list(zip(records, predictions, strict=True)), seconds=seconds, workers=workers)


def _predict_all(predict: Callable[[Record], Record], inputs: list[Record], workers: int) -> list[Record]:
    if workers == 1 or len(inputs) < 2:
        return [predict(doc) for doc in inputs]
    # Chunks amortise the pickling of each call; four per worker keep the load even.
    chunk = max(1, len(inputs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(predict, inputs, chunksize=chunk))


# ---------------------------------------------------------------- the human table


def format_table(report: EvalReport) -> str:
    """A plain-text table: the overall scores, then events per PLOVER type."""
    lines = [
        f"{report.n_docs:,} documents, {report.n_words:,} words, {report.workers} worker(s), "
        f"{report.seconds:.2f} s: {report.docs_per_s:,.1f} docs/s, {report.words_per_s:,.0f} words/s",
        "",
        _row("score", "P", "R", "F1", "gold", "pred", "other"),
    ]
    rows: list[tuple[str, Score | None, str]] = [
        ("events/type", _overall(report.events_type), ""),
        ("events/full", _overall(report.events_full), ""),
        ("labels", _overall(report.labels), _labels_extra(report.labels)),
        ("quotes", _overall(report.quotes), _quotes_extra(report.quotes)),
        ("places", _overall(report.places), _places_extra(report.places)),
    ]
    for name, score, extra in rows:
        lines.append(_score_row(name, score, extra))
    if report.events_type is not None:
        lines += ["", "events per type (the F1 of events/full in the last column)"]
        lines.append(_row("type", "P", "R", "F1", "gold", "pred", "full F1"))
        full = report.events_full.per_type if report.events_full else {}
        for kind, score in report.events_type.per_type.items():
            full_f1 = f"{full[kind].f1:.3f}" if kind in full else ""
            lines.append(_score_row(kind, score, full_f1))
    return "\n".join(lines) + "\n"


def _overall(score: EventScore | LabelScore | QuoteScore | PlaceScore | None) -> Score | None:
    return None if score is None else score.overall


def _row(*cells: str) -> str:
    name, *rest = cells
    return f"{name:<16}" + "".join(f"{c:>8}" for c in rest[:5]) + (f"  {rest[5]}" if rest[5:] else "")


def _score_row(name: str, score: Score | None, extra: str) -> str:
    if score is None:
        return f"{name:<16}  not annotated in this file"
    return _row(name, f"{score.p:.3f}", f"{score.r:.3f}", f"{score.f1:.3f}",
                str(score.n_gold), str(score.n_pred), extra).rstrip()


def _labels_extra(score: LabelScore | None) -> str:
    return "" if score is None else f"macro F1 {score.macro_f1:.3f}"


def _quotes_extra(score: QuoteScore | None) -> str:
    return "" if score is None else f"speaker acc {score.speaker_acc:.3f} ({score.speaker_total} judged)"


def _places_extra(score: PlaceScore | None) -> str:
    if score is None:
        return ""
    median = "n/a" if score.median_km is None else f"{score.median_km:.1f} km"
    return f"acc@161km {score.acc161:.3f}, median error {median}"
