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
