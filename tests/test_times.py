import pytest

from eventwire.extract.times import find_dates


def values(text: str, published: str | None = "2017-04-09") -> list[tuple[str, str, str]]:
    return [(d.text, d.value, d.basis) for d in find_dates(text, published)]


def test_month_day_takes_the_year_of_publication():
    assert values("dropped April 4 on the town") == [("April 4", "2017-04-04", "relative")]


def test_month_day_after_publication_is_last_year():
    assert values("on December 30 the talks ended")[0][1] == "2016-12-30"


def test_full_dates_in_both_orders_and_iso():
    got = values("On 4 April 2017, then September 23, 2016, and 2015-01-07.")
    assert [v for _, v, _ in got] == ["2017-04-04", "2016-09-23", "2015-01-07"]
    assert all(b == "explicit" for _, _, b in got)


def test_weekday_is_the_latest_such_day_not_after_publication():
    # 2017-04-09 is a Sunday: "late Thursday" is 2017-04-06.
    assert values("strikes launched late Thursday")[0][:2] == ("late Thursday", "2017-04-06")
    assert values("on Sunday")[0][1] == "2017-04-09"


def test_relative_words():
    got = dict((t, v) for t, v, _ in values("yesterday and today, last month, last year"))
    assert got == {
        "yesterday": "2017-04-08",
        "today": "2017-04-09",
        "last month": "2017-03",
        "last year": "2016",
    }


def test_years_and_months():
    got = values("In 2014 it began; in May 2015 it ended.")
    assert ("2014", "2014", "explicit") in got
    assert ("May 2015", "2015-05", "explicit") in got


def test_without_publication_date_nothing_is_invented():
    assert values("on April 4", published=None) == [("April 4", "--04-04", "explicit")]
    assert values("on Thursday", published=None) == []


def test_may_as_a_verb_is_not_a_date():
    assert values("The ministry may respond later.") == []


def spans(text: str, published: str | None = "2017-04-09") -> list[tuple[str, str, str, str | None]]:
    return [(d.text, d.value, d.precision, d.end_value) for d in find_dates(text, published)]


def test_explicit_day_forms():
    assert spans("fell on 4 April 2017 at dawn") == [("4 April 2017", "2017-04-04", "day", None)]
    assert spans("the 4th of April") == [("4th of April", "2017-04-04", "day", None)]
    assert spans("on April 4, 2017,")[0][:2] == ("April 4, 2017", "2017-04-04")


def test_a_date_announced_ahead_stays_in_the_year():
    # Published on a Sunday: "on April 12" is the coming Wednesday, not last year's.
    assert values("talks will resume on April 12")[0][1] == "2017-04-12"


def test_relative_forms():
    got = {t: (v, p) for t, v, p, _ in spans("last night, two days ago, earlier this month, next Monday, in April")}
    assert got == {
        "last night": ("2017-04-08", "day"),
        "two days ago": ("2017-04-07", "day"),
        "earlier this month": ("2017-04", "month"),
        "next Monday": ("2017-04-10", "day"),
        "April": ("2017-04", "month"),
    }


def test_on_monday_and_last_thursday():
    assert spans("met on Monday")[0][:2] == ("Monday", "2017-04-03")
    assert spans("since last Thursday")[0][:2] == ("last Thursday", "2017-04-06")


def test_last_week_is_a_range_of_days():
    assert spans("clashes last week") == [("last week", "2017-03-27", "day", "2017-04-02")]


def test_ranges():
    assert spans("fighting on April 4-6") == [("April 4-6", "2017-04-04", "day", "2017-04-06")]
    assert spans("from 4 to 6 April 2017") == [("from 4 to 6 April 2017", "2017-04-04", "day", "2017-04-06")]
    assert spans("from April 28 to May 3, 2016") == [
        ("from April 28 to May 3, 2016", "2016-04-28", "day", "2016-05-03")]
    assert spans("between 2014 and 2016") == [("between 2014 and 2016", "2014", "year", "2016")]
    assert spans("the 2014-16 drought") == [("2014-16", "2014", "year", "2016")]
    assert spans("from March to May 2016") == [("from March to May 2016", "2016-03", "month", "2016-05")]


def test_and_without_between_is_no_range():
    assert spans("on April 4 and 12 people died") == [("April 4", "2017-04-04", "day", None)]


def test_precision_of_years_and_seasons():
    got = spans("in mid-2014 and in early 2015")
    assert [(t, v, p) for t, v, p, _ in got] == [("mid-2014", "2014", "year"), ("early 2015", "2015", "year")]


def test_without_publication_date_keeps_what_the_text_gives():
    assert spans("in April, on April 4-6, in 2014", published=None) == [
        ("April", "--04", "month", None), ("April 4-6", "--04-04", "day", "--04-06"), ("2014", "2014", "year", None)]
    assert spans("last week and yesterday", published=None) == []


def test_capitalised_month_words_only():
    assert values("troops march 4 miles") == []
    assert values("in may 2015") == []


@pytest.mark.slow
def test_a_captions_date_never_dates_the_story():
    from eventwire.pipeline import extract

    text = ("Photo: Protesters march in Baghdad, Iraq September 23, 2016. (Photo: Jane Roe)\n\n"
            "Iraqi protesters attacked a police station in Basra on Thursday, officials said.")
    result = extract(text, published="2017-04-09")
    assert result.events
    assert all(e.date is None or not e.date.value.startswith("2016-09") for e in result.events)
    assert any(e.date is not None and e.date.value == "2017-04-06" for e in result.events)


def test_look_alike_letters_give_no_weekday_and_no_crash() -> None:
    # "ſ" (long s) matches "s" in a case-blind pattern but names no weekday.
    assert find_dates("talks on Tueſday", "2017-04-09") == []
