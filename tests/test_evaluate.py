"""The scores of EVAL.md on small hand-built gold records and predictions."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import ErrorCode, EventwireError
from eventwire.evaluate import (
    Score,
    evaluate,
    format_table,
    haversine_km,
    load_gold,
    max_matching,
    score_events,
    score_labels,
    score_pairs,
    score_places,
    score_quotes,
)

KM_PER_DEGREE = math.pi / 180 * 6371.0088  # one degree of latitude on the scorer's sphere


# ---------------------------------------------------------------- builders


def doc(dataset: str = "d", text: str = "x" * 200, **kinds: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": "doc", "dataset": dataset, "text": text, "published": None, "title": None,
                              "events": [], "quotes": [], "places": []}
    record.update(kinds)
    return record


Countries = tuple[str | None, ...]


def gold_event(kind: str, actors: Countries = (), recipients: Countries = ()) -> dict:
    def side(countries: Countries) -> list[dict]:
        return [{"text": "t", "country": c, "sector": None, "code": None} for c in countries]

    return {"type": kind, "actor": side(actors), "recipient": side(recipients)}


def pred_event(kind: str, actor: str | None = None, recipient: str | None = None) -> dict:
    def side(country: str | None) -> dict | None:
        return None if country is None else {"entity": None, "text": "t", "country": country, "sectors": []}

    return {"type": kind, "actor": side(actor), "recipient": side(recipient)}


def gold_quote(content: tuple[int, int], speaker: tuple[int, int] | None = None) -> dict:
    return {"content": list(content), "speaker": None if speaker is None else list(speaker), "cue": None}


def pred_quote(start: int, end: int, speaker: tuple[int, int] | None = None,
               entity: str | None = None) -> dict:
    who = None if speaker is None else {"entity": entity, "text": "s", "start": speaker[0], "end": speaker[1]}
    return {"kind": "direct", "text": "q", "start": start, "end": end, "speaker": who, "cue": None}


def place(start: int, end: int, lat: float | None = 0.0, lon: float | None = 0.0) -> dict:
    return {"start": start, "end": end, "text": "p", "lat": lat, "lon": lon}


# ---------------------------------------------------------------- load_gold


def test_load_gold_reads_records_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n\n{"id": "b", "text": "Two."}\n', encoding="utf-8")
    assert [r["id"] for r in load_gold(path)] == ["a", "b"]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("{not json", ErrorCode.E006_BAD_JSON),
        ('["a list"]', ErrorCode.E006_BAD_JSON),
        ('{"id": "b"}', ErrorCode.E007_MISSING_TEXT),
        ('{"id": "b", "text": "Two.", "places": {}}', ErrorCode.E008_BAD_FIELD),
    ],
)
def test_load_gold_names_the_bad_line(tmp_path: Path, line: str, code: ErrorCode) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n' + line + "\n", encoding="utf-8")
    records = load_gold(path)
    assert next(records)["id"] == "a"  # lines before the bad one are still read
    with pytest.raises(EventwireError) as caught:
        next(records)
    assert caught.value.code is code
    assert caught.value.source == f"{path}:2"


def test_load_gold_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EventwireError) as caught:
        list(load_gold(tmp_path / "nope.jsonl"))
    assert caught.value.code is ErrorCode.E001_NOT_FOUND


# ---------------------------------------------------------------- matching and Score


def test_max_matching_is_optimal_where_greedy_by_order_is_not() -> None:
    # Greedy would give gold 0 the predicted 0 and leave gold 1 without a partner.
    assert max_matching([[0, 1], [0]]) == {0: 1, 1: 0}


def test_max_matching_never_uses_a_prediction_twice() -> None:
    assert max_matching([[0], [0], [0]]) == {0: 0}


def test_score_ratios_and_zero_denominators() -> None:
    assert Score(tp=2, n_gold=3, n_pred=4).to_json() == {
        "p": 0.5, "r": pytest.approx(2 / 3), "f1": pytest.approx(4 / 7), "n_gold": 3, "n_pred": 4,
    }
    assert (Score().p, Score().r, Score().f1) == (0.0, 0.0, 0.0)


# ---------------------------------------------------------------- events


def test_events_type_matches_one_to_one_and_reports_per_type() -> None:
    gold = doc(events=[gold_event("ASSAULT"), gold_event("ASSAULT"), gold_event("PROTEST")])
    pred = {"events": [pred_event("ASSAULT")] * 3 + [pred_event("REQUEST")]}
    score = score_events([(gold, pred)])
    assert score is not None
    assert score.overall == Score(tp=2, n_gold=3, n_pred=4)
    assert score.per_type == {
        "ASSAULT": Score(2, 2, 3), "PROTEST": Score(0, 1, 0), "REQUEST": Score(0, 0, 1),
    }


@pytest.mark.parametrize(
    ("gold", "pred", "matches"),
    [
        (gold_event("AID", ("USA",)), pred_event("AID", "USA"), True),
        (gold_event("AID", ("USA",)), pred_event("AID", "RUS"), False),
        (gold_event("AID", ("USA",)), pred_event("AID", None), False),  # a given country needs a participant
        (gold_event("AID", (None,)), pred_event("AID", None), True),  # no gold country: not checked
        (gold_event("AID", ()), pred_event("AID", "RUS"), True),
        (gold_event("AID", ("HUN", "ROU")), pred_event("AID", "ROU"), True),  # any of several gold actors
        (gold_event("AID", ("HUN", "ROU")), pred_event("AID", "SRB"), False),
        (gold_event("AID", ("USA",), ("SYR",)), pred_event("AID", "USA", "IRQ"), False),  # recipient too
        (gold_event("AID", ("USA",), ("SYR",)), pred_event("AID", "USA", "SYR"), True),
        (gold_event("AID", ("USA",)), pred_event("ASSAULT", "USA"), False),  # type first
    ],
)
def test_events_full_country_rule(gold: dict, pred: dict, matches: bool) -> None:
    score = score_events([(doc(events=[gold]), {"events": [pred]})], full=True)
    assert score is not None
    assert score.overall.tp == int(matches)


def test_events_full_uses_a_maximum_matching() -> None:
    # The first prediction fits both gold events, the second only the first one.
    gold = doc(events=[gold_event("AID", ("USA", "RUS")), gold_event("AID", ("USA",))])
    pred = {"events": [pred_event("AID", "USA"), pred_event("AID", "RUS")]}
    score = score_events([(gold, pred)], full=True)
    assert score is not None
    assert score.overall == Score(tp=2, n_gold=2, n_pred=2)


def test_events_full_is_stricter_than_events_type() -> None:
    pair = (doc(events=[gold_event("AID", ("USA",))]), {"events": [pred_event("AID", "RUS")]})
    by_type, full = score_events([pair]), score_events([pair], full=True)
    assert by_type is not None and full is not None
    assert (by_type.overall.tp, full.overall.tp) == (1, 0)
    assert full.per_type["AID"] == Score(0, 1, 1)


def test_empty_gold_list_in_an_annotating_dataset_is_scored_other_datasets_are_not() -> None:
    pairs = [
        (doc("gsr", events=[gold_event("AID")]), {"events": [pred_event("AID")]}),
        (doc("gsr"), {"events": [pred_event("AID")]}),  # annotated dataset, no event: a false positive
        (doc("geo"), {"events": [pred_event("AID")] * 5}),  # geo sets annotate no events: left out
    ]
    score = score_events(pairs)
    assert score is not None
    assert score.overall == Score(tp=1, n_gold=1, n_pred=2)


# ---------------------------------------------------------------- null keys


def test_a_kind_annotated_nowhere_is_null_and_the_json_keys_are_pinned() -> None:
    gold = doc("geo", places=[place(0, 5)])
    pred = {"events": [pred_event("AID")], "quotes": [pred_quote(0, 5)], "places": [place(0, 5)]}
    report = score_pairs([(gold, pred)])
    out = report.to_json()
    assert list(out) == ["events_type", "events_full", "labels", "quotes", "places", "docs_per_s"]
    assert (out["events_type"], out["events_full"], out["labels"], out["quotes"]) == (None, None, None, None)
    assert out["places"] is not None
    assert set(out["places"]) == {"p", "r", "f1", "n_gold", "n_pred", "acc161", "median_km"}


# ---------------------------------------------------------------- labels


def test_labels_micro_macro_and_the_empty_label_false_positive() -> None:
    pairs = [
        (doc(labels={"event_types": ["ASSAULT", "PROTEST"]}),
         {"events": [pred_event("ASSAULT"), pred_event("ASSAULT")]}),  # a set: counted once
        (doc(labels={"event_types": []}), {"events": [pred_event("REQUEST")]}),  # nothing applies: FP
        (doc(), {"events": [pred_event("ASSAULT")]}),  # no labels object: not a labelled document
    ]
    score = score_labels(pairs)
    assert score is not None
    assert score.overall == Score(tp=1, n_gold=2, n_pred=2)
    assert score.per_type == {"ASSAULT": Score(1, 1, 1), "PROTEST": Score(0, 1, 0), "REQUEST": Score(0, 0, 1)}
    assert score.macro_f1 == pytest.approx(1 / 3)
    assert score.to_json()["macro_f1"] == pytest.approx(1 / 3)


def test_labels_are_null_without_any_labels_object() -> None:
    assert score_labels([(doc(), {"events": [pred_event("AID")]})]) is None


# ---------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("start", "end", "matches"),
    [
        (5, 20, True),  # 5 of the 10 gold characters: exactly half
        (6, 20, False),  # 4 of 10
        (0, 10, True),
        (-3, 100, True),  # covering the whole gold span
        (10, 20, False),  # touching is not overlapping
    ],
)
def test_quote_matches_when_it_covers_half_of_the_gold_span(start: int, end: int, matches: bool) -> None:
    score = score_quotes([(doc(quotes=[gold_quote((0, 10))]), {"quotes": [pred_quote(start, end)]})])
    assert score is not None
    assert score.overall == Score(tp=int(matches), n_gold=1, n_pred=1)


def test_quotes_match_one_to_one() -> None:
    gold = doc(quotes=[gold_quote((0, 10))])
    score = score_quotes([(gold, {"quotes": [pred_quote(0, 10), pred_quote(2, 10)]})])
    assert score is not None
    assert score.overall == Score(tp=1, n_gold=1, n_pred=2)


def test_speaker_accuracy_over_matched_pairs_with_a_gold_speaker() -> None:
    gold = doc(quotes=[
        gold_quote((0, 10), speaker=(100, 110)),  # right: the spans overlap
        gold_quote((20, 30), speaker=(100, 110)),  # right: "he" resolves to an entity mentioned there
        gold_quote((40, 50), speaker=(100, 110)),  # wrong speaker
        gold_quote((60, 70), speaker=(100, 110)),  # wrong: the prediction names no speaker
        gold_quote((80, 90), speaker=None),  # no gold speaker: not judged
        gold_quote((150, 160), speaker=(100, 110)),  # unmatched: not judged
    ])
    pred = {
        "entities": [
            {"id": "e1", "mentions": [{"start": 105, "end": 112, "text": "Sadr"}]},
            {"id": "e2", "mentions": [{"start": 120, "end": 125, "text": "Assad"}]},
        ],
        "quotes": [
            pred_quote(0, 10, speaker=(108, 115)),
            pred_quote(20, 30, speaker=(31, 33), entity="e1"),
            pred_quote(40, 50, speaker=(120, 125), entity="e2"),
            pred_quote(60, 70),
            pred_quote(80, 90, speaker=(120, 125), entity="e2"),
        ],
    }
    score = score_quotes([(gold, pred)])
    assert score is not None
    assert score.overall == Score(tp=5, n_gold=6, n_pred=5)
    assert (score.speaker_right, score.speaker_total) == (2, 4)
    assert score.speaker_acc == 0.5


# ---------------------------------------------------------------- places


def test_places_detection_acc161_and_missing_places_count_wrong() -> None:
    gold = doc(places=[place(0, 5), place(10, 15), place(20, 25), place(30, 35, lat=None, lon=None)])
    pred = {"places": [
        place(0, 5),  # exact
        place(12, 18, lat=1.0),  # overlaps, one degree (~111 km) off: still right
        place(30, 35, lat=50.0),  # found, but the gold place has no coordinates to judge
        place(40, 45),  # nothing in gold: a false positive
    ]}
    score = score_places([(gold, pred)])
    assert score is not None
    assert score.overall == Score(tp=3, n_gold=4, n_pred=4)
    # Gold place 20-25 was not found: it stays in the denominator as wrong.
    assert (score.acc_right, score.acc_total) == (2, 3)
    assert score.acc161 == pytest.approx(2 / 3)


def test_places_far_off_or_without_coordinates_are_wrong() -> None:
    gold = doc(places=[place(0, 5), place(10, 15)])
    # ~222 km off, and a place with no coordinates
    pred = {"places": [place(0, 5, lat=2.0), place(10, 15, lat=None, lon=None)]}
    score = score_places([(gold, pred)])
    assert score is not None
    assert score.overall.tp == 2
    assert score.acc161 == 0.0
    assert score.errors_km == (pytest.approx(2 * KM_PER_DEGREE),)


def test_median_error_is_over_matched_places_with_coordinates() -> None:
    gold = doc(places=[place(0, 5), place(10, 15), place(20, 25), place(30, 35)])
    pred = {"places": [place(0, 5, lat=30.0), place(10, 15, lat=1.0), place(20, 25)]}
    score = score_places([(gold, pred)])
    assert score is not None
    assert score.median_km == pytest.approx(KM_PER_DEGREE)  # of 0, ~111 and ~3336 km
    assert score.to_json()["median_km"] == pytest.approx(KM_PER_DEGREE)


def test_a_gold_place_takes_the_prediction_that_overlaps_it_most() -> None:
    gold = doc(places=[place(0, 10)])
    pred = {"places": [place(0, 2, lat=40.0), place(1, 10)]}  # both overlap; the second covers more
    score = score_places([(gold, pred)])
    assert score is not None
    assert (score.overall, score.acc161) == (Score(tp=1, n_gold=1, n_pred=2), 1.0)


def test_median_is_none_when_nothing_was_matched() -> None:
    score = score_places([(doc(places=[place(0, 5)]), {"places": []})])
    assert score is not None
    assert (score.median_km, score.acc161, score.overall.r) == (None, 0.0, 0.0)


def test_haversine_km() -> None:
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)  # London-Paris
    assert haversine_km(0.0, 179.5, 0.0, -179.5) == pytest.approx(KM_PER_DEGREE)  # across the date line


# ---------------------------------------------------------------- the run


def seen_by_predict(record: dict[str, Any]) -> dict[str, Any]:
    """A predictor that echoes what it was given (module level, so processes can pickle it)."""
    return {"events": [pred_event(str(record["id"]))], "seen": sorted(record)}


def corpus() -> list[dict[str, Any]]:
    records = []
    for i in range(6):
        labels = {"event_types": ["ASSAULT"]}
        record = doc(text="one two three", events=[gold_event("ASSAULT")], labels=labels)
        record["id"] = "ASSAULT" if i % 2 else "PROTEST"
        records.append(record)
    return records


def test_evaluate_takes_the_first_n_documents_and_hides_the_gold() -> None:
    seen: list[dict[str, Any]] = []

    def predict(record: dict[str, Any]) -> dict[str, Any]:
        seen.append(record)
        return seen_by_predict(record)

    report = evaluate(iter(corpus()), predict, sample=3)
    assert [r["id"] for r in seen] == ["PROTEST", "ASSAULT", "PROTEST"]
    assert all(set(r) == {"id", "dataset", "text", "published", "title"} for r in seen)
    assert (report.n_docs, report.n_words) == (3, 9)
    assert report.events_type is not None
    assert report.events_type.overall == Score(tp=1, n_gold=3, n_pred=3)
    assert report.seconds > 0
    assert report.docs_per_s == pytest.approx(3 / report.seconds)
    assert report.words_per_s == pytest.approx(9 / report.seconds)


def test_evaluate_with_worker_processes_scores_the_same() -> None:
    one = evaluate(corpus(), seen_by_predict).to_json()
    two = evaluate(corpus(), seen_by_predict, workers=2)
    assert two.workers == 2
    assert {k: v for k, v in two.to_json().items() if k != "docs_per_s"} == {
        k: v for k, v in one.items() if k != "docs_per_s"
    }
    assert one["events_type"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "n_gold": 6, "n_pred": 6}


@pytest.mark.parametrize("options", [{"sample": 0}, {"workers": 0}])
def test_evaluate_rejects_nonsense_options(options: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        evaluate(corpus(), seen_by_predict, **options)


def test_evaluate_rejects_a_prediction_that_is_not_a_dict() -> None:
    def not_a_dict(record: dict[str, Any]) -> Any:
        return [record["id"]]

    with pytest.raises(TypeError, match="predict returned list for document 0"):
        evaluate(corpus(), not_a_dict)


def test_format_table_shows_overall_rows_per_type_rows_and_missing_kinds() -> None:
    report = evaluate(corpus(), seen_by_predict)
    table = format_table(report)
    lines = table.splitlines()
    assert lines[0].startswith("6 documents, 18 words, 1 worker(s)")
    row = next(line for line in lines if line.startswith("events/type"))
    assert row.split() == ["events/type", "0.500", "0.500", "0.500", "6", "6"]
    assert any(line.split()[:1] == ["PROTEST"] and line.split()[4:6] == ["0", "3"] for line in lines)
    assert next(line for line in lines if line.startswith("quotes")).endswith("not annotated in this file")
    assert "macro F1 0.333" in table
