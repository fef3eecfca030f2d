"""Quote finding and attribution on sentences written for these tests."""

from __future__ import annotations

from eventwire.extract.quotes import find_quote_spans


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_straight_and_curly_pairs():
    assert spans('He said "we will win" and “they will lose” later.') == ["we will win", "they will lose"]


def test_quote_running_over_paragraphs_with_an_unclosed_mark():
    text = '"We came to stay, he said.\n\n"And we will not leave," he added.'
    assert spans(text) == ["We came to stay, he said.", "And we will not leave,"]


def test_one_word_scare_quotes_are_not_quotes():
    assert spans('the so-called "reform" passed') == []


def speaker_name(result, quote) -> str | None:
    if quote.speaker is None or quote.speaker.entity is None:
        return None
    return next(e.name for e in result.entities if e.id == quote.speaker.entity)


def test_speaker_after_the_quote(code):
    res = code(
        'Nigerian President Bola Tinubu spoke in Abuja. "We will rebuild the north," he said on Monday.'
    )
    q = next(q for q in res.quotes if "rebuild" in q.text)
    assert q.kind == "direct" and q.cue.text == "said"
    assert speaker_name(res, q) == "Bola Tinubu"


def test_speaker_before_with_said(code):
    res = code('Maria Lopez said: "The border stays closed."')
    q = next(q for q in res.quotes if "border" in q.text)
    assert speaker_name(res, q) == "Maria Lopez"


def test_partial_quote_inside_indirect_speech_is_mixed(code):
    res = code('Foreign Minister Ivan Petrov warned that new sanctions would "poison relations for years".')
    q = next(q for q in res.quotes if "poison relations" in q.text)
    assert q.kind == "mixed" and q.cue.text == "warned"
    assert speaker_name(res, q) == "Ivan Petrov"


def test_indirect_speech(code):
    res = code("The Kenyan interior minister said that the curfew would be lifted next week.")
    q = next(q for q in res.quotes if "curfew" in q.text)
    assert q.kind == "indirect" and q.cue.text == "said"
    assert q.speaker is not None


def test_quote_offsets_point_into_the_text(code):
    res = code('"Peace is near," said Anwar Saleh, the envoy.')
    for q in res.quotes:
        assert res.article.text[q.start : q.end] == q.text
        assert res.article.text[q.speaker.start : q.speaker.end] == q.speaker.text
