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
