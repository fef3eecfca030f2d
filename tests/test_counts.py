import pytest

from eventwire.extract.counts import find_counts


@pytest.mark.parametrize(
    ("text", "kind", "lo", "hi", "quant"),
    [
        ("a chemical attack that killed more than 80 people", "fatalities", 80, None, "more than 80"),
        ("bombs kill at least 40 pilgrims", "fatalities", 40, None, "at least 40"),
        ("Gunmen killed 12 people", "fatalities", 12, 12, "12"),
        ("dozens of protesters were injured", "injured", 24, None, "dozens"),
        ("up to 100 people died", "fatalities", None, 100, "up to 100"),
        ("the death toll rose to 1,200", "fatalities", 1200, 1200, "1,200"),
        ("eleven others were wounded", "injured", 11, 11, "eleven"),
        ("a death toll of 86", "fatalities", 86, 86, "86"),
        ("the death toll from the blast has risen to at least 86", "fatalities", 86, None, "at least 86"),
        ("the toll climbed to 40", "fatalities", 40, 40, "40"),
        ("twenty-five people were killed", "fatalities", 25, 25, "twenty-five"),
        ("gunmen killed a dozen soldiers", "fatalities", 12, 12, "a dozen"),
        ("hundreds of people were wounded", "injured", 200, None, "hundreds"),
        ("tens of thousands of people have died", "fatalities", 20000, None, "tens of thousands"),
        ("nearly 100 dead", "fatalities", None, 100, "nearly 100"),
        ("the floods claimed the lives of 20 people", "fatalities", 20, 20, "20"),
        ("an estimated 400 civilians were killed", "fatalities", 400, 400, "an estimated 400"),
    ],
)
def test_count_forms(text, kind, lo, hi, quant):
    found = find_counts(text)
    assert len(found) == 1
    c = found[0]
    assert (c.kind, c.count.min, c.count.max, c.count.text) == (kind, lo, hi, quant)


def test_killed_and_wounded_in_one_sentence():
    kinds = [(c.kind, c.count.min) for c in find_counts("The blast killed 7 people and wounded 30 others.")]
    assert kinds == [("fatalities", 7), ("injured", 30)]


def test_no_count_without_a_casualty_word():
    assert find_counts("More than 80 delegates attended the summit.") == []


def test_a_year_is_no_count():
    assert find_counts("He was killed in 2014.") == []


def test_cue_points_at_the_casualty_word():
    text = "More than 80 people were killed in the attack."
    (found,) = find_counts(text)
    assert text[found.cue:].startswith("killed")
    assert (found.count.min, found.count.text) == (80, "More than 80")


def test_leaving_dead_and_wounded():
    found = find_counts("The bomb exploded, leaving 12 dead and 30 wounded.")
    assert [(c.kind, c.count.min) for c in found] == [("fatalities", 12), ("injured", 30)]


@pytest.mark.slow
def test_count_goes_to_the_event_that_killed():
    from eventwire.pipeline import extract

    text = ("Syrian jets carried out a chemical attack that killed more than 80 people in Khan Sheikhoun. "
            "The United States condemned the attack on Friday.")
    result = extract(text, published="2017-04-09")
    assault = [e for e in result.events if e.type == "ASSAULT"]
    assert assault and assault[0].fatalities is not None and assault[0].fatalities.min == 80
    assert all(e.fatalities is None for e in result.events if e.type != "ASSAULT")


def test_patterns_run_only_where_they_can_match_find_what_a_full_scan_finds() -> None:
    """The quantity-first patterns are run only on the stretches that hold a cue (a speed-up):
    across barriers, numbers with dots and commas, line breaks and cue-less text, the matches
    are those of `finditer` over the whole text."""
    from eventwire.extract.counts import PATTERNS, _cuts, _matches

    texts = ["12\n\n killed", "2.5 million people killed", "1,200 were killed. 3 died.", "“40 pilgrims died”",
             "x12 killed", "(12 killed)", "12 \t were  killed, 7 wounded", "toll of 5.5", "killed 3.5 million",
             "twenty-five soldiers were wounded; about 1,000 others hurt", "no count here", "", "killed"]
    for text in texts:
        for _, pattern in PATTERNS:
            full = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in _matches(pattern, text, _cuts(text))] == full, (text, pattern.pattern[:40])


@pytest.mark.parametrize("text", ["ſeveral killed", "KILLED ſeveral people"])
def test_look_alike_letters_give_no_count_and_no_crash(text: str) -> None:
    # "ſ" (long s) matches "s" in a case-blind pattern but is no word of the count lexicon.
    assert find_counts(text) == []
