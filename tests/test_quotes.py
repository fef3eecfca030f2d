"""Quote finding and attribution on sentences written for these tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.extract.quote_lexicon import build_quote_lexicon, load_quote_lexicon
from eventwire.extract.quote_marks import find_quote_spans
from eventwire.model import Article, ArticleResult, Cue, Entity, Medium, Mention, Quote, Relay, Speaker
from eventwire.store import Store

# --- quotation marks (no model needed) -------------------------------------------------


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_straight_and_curly_pairs():
    assert spans('He said "we will win" and “they will lose” later.') == ["we will win", "they will lose"]


def test_quote_running_over_paragraphs_with_an_unclosed_mark():
    text = '"We came to stay, he said.\n\n"And we will not leave," he added.'
    assert spans(text) == ["We came to stay, he said.", "And we will not leave,"]
    assert [s.continued for s in find_quote_spans(text)] == [True, False]


def test_one_word_scare_quotes_are_not_quotes():
    assert spans('the so-called "reform" passed') == []


def test_doubled_apostrophes_are_quotation_marks():
    assert spans("''The deal is dead,'' the envoy said.") == ["The deal is dead,"]


def test_a_quote_inside_a_quote_in_the_other_style_does_not_close_it():
    text = '"As “The Daily Star” wrote, the talks failed," he said.'
    assert spans(text) == ["As “The Daily Star” wrote, the talks failed,"]


def test_curly_marks_typed_the_wrong_way_round():
    assert spans("”Fear. I am afraid of what comes next.” ― Ana Ruiz") == ["Fear. I am afraid of what comes next."]


def test_html_attribute_values_are_not_quotes():
    assert spans('<tweet tweet_id="778257943577919488" author="someone here">') == []


# --- the cue lexicon ------------------------------------------------------------------


def test_cues_are_data_and_user_files_add_to_them():
    lex = build_quote_lexicon([
        "frames:\n  clause: [say]\n  prepositional:\n    call: [for]\n",
        "frames:\n  clause: [grumble]\n  prepositional:\n    call: ['on']\nsource_phrases: [according to]\n",
    ])
    assert lex.has("clause", "say") and lex.has("clause", "Grumble")
    assert lex.prepositions["call"] == frozenset({"for", "on"})
    assert lex.source_phrases == (("according", "to"),)


def test_a_bare_yaml_on_is_refused_not_read_as_true():
    with pytest.raises(ValueError, match="quote"):
        build_quote_lexicon(["frames:\n  prepositional:\n    call: [on]\n"])


def test_shipped_lexicon_has_every_frame():
    lex = load_quote_lexicon()
    for frame, lemma in (("clause", "say"), ("object", "criticize"), ("naming", "call"),
                         ("judging", "see"), ("infinitive", "vow"), ("addressee", "urge")):
        assert lex.has(frame, lemma), (frame, lemma)
    assert "on" in lex.prepositions["call"] and "statement" in lex.medium_nouns


# --- attribution on real parses ---------------------------------------------------------


def speaker_name(result, quote) -> str | None:
    if quote.speaker is None or quote.speaker.entity is None:
        return None
    return next(e.name for e in result.entities if e.id == quote.speaker.entity)


def only(result, part: str):
    found = [q for q in result.quotes if part in q.text]
    assert len(found) == 1, [q.text for q in result.quotes]
    return found[0]


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


def test_said_before_the_name(code):
    res = code('"The harvest failed twice this year," said Amina Diallo, a farmer in Mopti.')
    q = only(res, "harvest failed")
    assert q.kind == "direct" and speaker_name(res, q) == "Amina Diallo"


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


def test_quote_split_by_its_attribution_is_one_quote_with_the_speaker(code):
    res = code('"We will not retreat," Governor Paula Mendes said, "and we will not bargain with kidnappers."')
    q = only(res, "retreat")
    assert "bargain with kidnappers" in q.text and q.kind == "direct"
    assert speaker_name(res, q) == "Paula Mendes" and q.cue.text == "said"


def test_second_sentence_of_a_quote_after_its_attribution_joins_it(code):
    res = code('"The dam is safe," said engineer Tomas Berg. "We checked every gate twice."')
    q = only(res, "dam is safe")
    assert "every gate twice" in q.text and speaker_name(res, q) == "Tomas Berg"


def test_quote_running_over_two_paragraphs(code):
    res = code('Mayor Lena Ortiz spoke at length. "The river rose in one night.\n\n'
               '"By morning the bridge was gone," Ortiz said.')
    q = only(res, "river rose")
    assert "bridge was gone" in q.text and speaker_name(res, q) == "Lena Ortiz"


def test_colon_lead_in_from_a_body(code):
    res = code('The Ghanaian health ministry issued a note. From the ministry: "Clinics will stay open all week."')
    q = only(res, "Clinics will stay open")
    assert q.speaker is not None and "ministry" in q.speaker.text.lower()


def test_colon_lead_in_paragraph(code):
    res = code('Senator Joan Okafor went on:\n\n"Nobody voted for this budget."')
    q = only(res, "Nobody voted")
    assert speaker_name(res, q) == "Joan Okafor"


def test_lead_in_sentence_without_a_speech_verb(code):
    res = code('Senator Joan Okafor made the following remark at the hearing:\n\n"Nobody voted for this budget."')
    q = only(res, "Nobody voted")
    assert q.cue.text == ":" and speaker_name(res, q) == "Joan Okafor"


def test_verbs_that_only_attribute_quotations(code):
    res = code('Judge Miriam Osei listened. "This court will not be rushed," she continued.')
    q = only(res, "will not be rushed")
    assert q.cue.text == "continued" and speaker_name(res, q) == "Miriam Osei"


def test_dash_attribution(code):
    res = code('"Our fishermen cannot wait another season." -- Commissioner Rafael Duarte')
    q = only(res, "fishermen")
    assert q.cue.text == "--" and "Duarte" in q.speaker.text


def test_transcript_label_inside_the_quote(code):
    res = code('"HOST: Will the strike go on next week?"\n\n"ADAMS: It will, until the mine reopens."')
    q = only(res, "until the mine reopens")
    assert q.text.startswith("It will") and q.speaker.text == "ADAMS"


def attributions(text: str):
    """Attributions of a text parsed as given (no cleaning: a headline stays in the text)."""
    from eventwire.extract.quotes import find_attributions
    from eventwire.nlp import annotate
    from eventwire.pipeline import load_knowledge
    from eventwire.resolve.entities import EntityResolver
    from eventwire.resolve.places import country_of

    doc = annotate(text)
    return find_attributions(doc, EntityResolver(doc, load_knowledge().kb, country_of))


def test_headline_label_line(code):
    found = attributions("Okafor: Budget Talks Have Collapsed\n\nThe senator spoke on Friday.")
    q = next(a.quote for a in found if "Budget Talks" in a.quote.text)
    assert q.speaker.text == "Okafor" and q.cue.text == ":"


def test_according_to(code):
    res = code("Forty people were arrested in Harare, according to the Zimbabwean police.")
    q = only(res, "Forty people were arrested")
    assert q.cue.text == "according to" and "police" in q.speaker.text
    assert "according" not in q.text


def test_told_reporters(code):
    res = code("Defense Minister Karl Weiss told reporters that the convoy had been attacked twice.")
    q = only(res, "convoy had been attacked")
    assert q.cue.text == "told" and speaker_name(res, q) == "Karl Weiss"


def test_aside_attribution_covers_the_whole_sentence(code):
    res = code("The new bridge, Mayor Lena Ortiz said, will open in May.")
    q = only(res, "will open in May")
    assert q.text.startswith("The new bridge") and speaker_name(res, q) == "Lena Ortiz"


def test_called_on_someone_to_do_something(code):
    res = code("The opposition leader Samuel Mensah called on the army to return to its barracks.")
    q = only(res, "return to its barracks")
    assert q.cue.text == "called on" and "army" in q.text and speaker_name(res, q) == "Samuel Mensah"


def test_called_for_something(code):
    res = code("Amnesty International called for an independent inquiry into the shootings.")
    q = only(res, "independent inquiry")
    assert q.cue.text == "called for" and "Amnesty" in (speaker_name(res, q) or q.speaker.text)


def test_vowed_to(code):
    res = code("President Ama Owusu vowed to rebuild every school destroyed by the floods.")
    q = only(res, "rebuild every school")
    assert speaker_name(res, q) == "Ama Owusu"


def test_criticized_an_object(code):
    res = code("Prime Minister Hana Sato criticized the hasty withdrawal of the peacekeepers.")
    q = only(res, "hasty withdrawal")
    assert q.cue.text == "criticized" and speaker_name(res, q) == "Hana Sato"


def test_pronoun_speaker_resolves_to_the_person(code):
    res = code('Chancellor Olaf Brandt met the unions. "We have a deal," he said.')
    q = only(res, "We have a deal")
    assert q.speaker.text == "he" and speaker_name(res, q) == "Olaf Brandt"


def test_role_noun_speaker_resolves_to_the_person(code):
    res = code('Iraqi Shiite cleric Muqtada al-Sadr preached in Kufa. The cleric warned that the strikes '
               'would "drag the region to war".')
    q = only(res, "drag the region")
    assert speaker_name(res, q) == "Muqtada al-Sadr"


def test_statement_from_a_capital_speaks_for_it(code):
    res = code('The statement from Baghdad also criticized "the hasty interventions" that followed the attack.')
    q = only(res, "hasty interventions")
    assert q.speaker.text == "The statement from Baghdad"
    assert speaker_name(res, q) == "Baghdad"


def test_speech_reported_inside_a_quotation_is_not_a_second_quote(code):
    res = code('"My father told me that hard work pays," said Elena Petrova.')
    assert len(res.quotes) == 1 and speaker_name(res, res.quotes[0]) == "Elena Petrova"


def test_scare_quotes_nobody_said_are_not_quotes(code):
    res = code('The so-called "peace dividend" never came to the region.')
    assert res.quotes == ()


def test_event_inside_a_direct_quote_is_reported_by_its_speaker(code):
    res = code('"Rebels attacked the convoy near Goma," said Colonel Jean Mbala, an army spokesman.')
    q = only(res, "Rebels attacked")
    assert q.speaker is not None and q.speaker.entity is not None
    inside = [ev for ev in res.events if q.start <= ev.trigger.start < q.end]
    assert inside and all(ev.reported_by == q.speaker.entity for ev in inside)


def test_medium_and_relay_are_kept_beside_the_contract(code):
    found = {a.quote.text: a for a in attributions(
        'Cleric Hassan Nouri spoke in Najaf. "The occupation must end," he said in a statement quoted by '
        "Reuters. The militia will disarm, the ministry said, AFP reported.")}
    said = found["The occupation must end,"]
    assert said.provenance.medium is not None and said.provenance.medium[0] == "a statement"
    assert said.provenance.relay is not None and said.provenance.relay[0] == "Reuters"
    aside = next(a for t, a in found.items() if "militia will disarm" in t)
    assert aside.provenance.relay is not None and aside.provenance.relay[0] == "AFP"


def test_medium_of_said_in_a_statement_is_in_the_quote(code):
    text = '"We will not back down," Governor Ama Owusu said in a statement on Tuesday.'
    q = only(code(text), "We will not back down")
    assert q.medium is not None and (q.medium.text, text[q.medium.start:q.medium.end]) == ("a statement",) * 2
    assert q.relay is None


def test_relay_of_told_an_outlet_resolves_to_its_entity(code):
    text = "Kofi Mensah, a farmer in the north, told Reuters that the harvest had failed."
    res = code(text)
    q = only(res, "the harvest had failed")
    assert q.speaker is not None and q.speaker.text == "Kofi Mensah"
    assert q.relay is not None and q.relay.text == "Reuters" == text[q.relay.start:q.relay.end]
    outlet = next(e for e in res.entities if e.id == q.relay.entity)
    assert outlet.name == "Reuters"
    assert q.medium is None


def test_relay_of_quoted_by_and_of_an_outlet_reporting(code):
    quoted = only(code('"The border is closed," a police officer said, quoted by the Associated Press.'),
                  "The border is closed")
    assert quoted.relay is not None and quoted.relay.text == "the Associated Press"
    assert quoted.speaker is not None and quoted.speaker.text == "a police officer"
    reported = only(code("The port will reopen next week, the harbour master said, Reuters reported."),
                    "The port will reopen")
    assert reported.relay is not None and reported.relay.text == "Reuters"
    assert reported.speaker is not None and reported.speaker.text == "the harbour master"


def test_medium_and_relay_of_an_interview_given_to_an_outlet(code):
    text = "The general said in an interview with the BBC that the siege would end soon."
    q = only(code(text), "the siege would end")
    assert q.medium is not None and q.medium.text == "an interview"
    assert q.relay is not None and q.relay.text == "the BBC"


def test_medium_and_relay_are_in_the_contract_dict(code):
    res = code('"Prices will fall," the governor said in a statement quoted by Reuters. The mayor agreed.')
    q = res.to_dict()["quotes"][0]
    start, end = q["medium"]["start"], q["medium"]["end"]
    assert q["medium"] == {"text": "a statement", "start": start, "end": end}
    assert set(q["relay"]) == {"entity", "text", "start", "end"} and q["relay"]["text"] == "Reuters"
    plain = only(code('"Prices will fall," the governor said.'), "Prices will fall")
    assert plain.medium is None and plain.relay is None


# --- the store and the command ---------------------------------------------------------

TEXT = '"We will rebuild," said Ama Owusu. The army said the roads were open.'


def quotes_result() -> ArticleResult:
    t = TEXT
    owusu = t.index("Ama Owusu")
    army = t.index("The army")
    return ArticleResult(
        article=Article(id="gh-1", text=t, published="2020-06-15"),
        entities=(Entity("e1", "Ama Owusu", "person", "GHA", (), None, (Mention(owusu, owusu + 9, "Ama Owusu"),)),),
        events=(),
        quotes=(
            Quote("q1", "direct", "We will rebuild,", 1, 17, Speaker("e1", "Ama Owusu", owusu, owusu + 9),
                  Cue("said", 19, 23)),
            Quote("q2", "indirect", "the roads were open", t.index("the roads"), t.index("the roads") + 19,
                  Speaker(None, "The army", army, army + 8), Cue("said", army + 9, army + 13)),
        ),
    )


@pytest.fixture()
def quote_db(tmp_path: Path) -> Path:
    db = tmp_path / "q.duckdb"
    with Store(db) as store:
        store.add([quotes_result()])
    return db


def test_store_quotes_filters_by_speaker_and_text(quote_db: Path):
    with Store(quote_db, read_only=True) as store:
        assert [q["id"] for q in store.quotes()] == ["q1", "q2"]
        assert [q["speaker_name"] for q in store.quotes(speaker="owusu")] == ["Ama Owusu"]
        assert [q["id"] for q in store.quotes(speaker="ARMY")] == ["q2"]
        assert [q["id"] for q in store.quotes(contains="Rebuild")] == ["q1"]
        assert store.quotes(speaker="owusu", contains="roads") == []
        assert len(store.quotes(limit=1)) == 1
        assert store.quotes(speaker="'; DROP TABLE quotes; --") == []
        assert len(store.quotes()) == 2


def test_quotes_command_prints_jsonl_csv_and_table(quote_db: Path):
    def run(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "eventwire.cli", "quotes", "--db", str(quote_db), *args],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    lines = run("--speaker", "owusu", "--format", "jsonl").splitlines()
    assert len(lines) == 1 and '"speaker_name": "Ama Owusu"' in lines[0]
    assert run("--contains", "roads", "--format", "csv").splitlines()[1].startswith("gh-1,")
    assert "We will rebuild" in run()


def test_quotes_command_shows_medium_and_relay(tmp_path: Path):
    t = "The army said in a statement to Reuters that the roads were open."
    at = t.index
    result = ArticleResult(
        article=Article(id="gh-2", text=t),
        entities=(Entity("e1", "Reuters", "organization", None, (), None, (Mention(at("Reuters"), at("Reuters") + 7,
                                                                                   "Reuters"),)),),
        quotes=(Quote("q1", "indirect", "the roads were open", at("the roads"), at("the roads") + 19,
                      Speaker(None, "The army", 0, 8), Cue("said", 9, 13),
                      Medium("a statement", at("a statement"), at("a statement") + 11),
                      Relay("e1", "Reuters", at("Reuters"), at("Reuters") + 7)),),
    )
    db = tmp_path / "q.duckdb"
    with Store(db) as store:
        store.add([result])
        assert store.quotes()[0]["relay"] == {"entity": "e1", "text": "Reuters", "start": at("Reuters"),
                                              "end": at("Reuters") + 7}
    proc = subprocess.run([sys.executable, "-m", "eventwire.cli", "quotes", "--db", str(db), "--format", "csv"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    header, row = proc.stdout.splitlines()[:2]
    assert header.split(",") == ["article_id", "start", "end", "speaker", "kind", "cue", "medium", "relay", "text"]
    assert row.split(",")[6:8] == ["a statement", "Reuters"]
