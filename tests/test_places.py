"""Toponym resolution on hand-written sentences (the spaCy model is loaded once per module)."""

from __future__ import annotations

import math

import pytest
from spacy.language import Language

from eventwire.model import Place
from eventwire.nlp import load_pipeline
from eventwire.resolve.gazetteer import apply_extra, load_gazetteer, name_key
from eventwire.resolve.places import country_of, find_places, geocode

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def place_for(places: list[Place], text: str) -> Place:
    found = [p for p in places if text in p.text]
    assert found, f"{text!r} not among {[p.text for p in places]}"
    return found[0]


def test_name_key_folds_spelling() -> None:
    assert name_key("Khān Shaykhūn") == name_key("khan shaykhun") == "khan shaykhun"
    assert name_key("U.S.") == "us"


def test_khan_sheikhoun_is_geocoded(nlp: Language) -> None:
    text = "Rescue workers said the air strike on Khan Sheikhoun killed dozens of people in Syria."
    place = place_for(find_places(nlp(text)), "Khan Sheikhoun")
    assert place.country == "SYR"
    assert place.lat is not None and place.lon is not None
    assert km(place.lat, place.lon, 35.44, 36.65) < 25


def test_province_is_admin1(nlp: Language) -> None:
    text = "Government jets bombed rebel positions in Idlib province on Sunday, activists said."
    place = place_for(find_places(nlp(text)), "Idlib")
    assert place.text == "Idlib province"
    assert (place.kind, place.country) == ("admin1", "SYR")


def test_demonym_refers_to_country(nlp: Language) -> None:
    text = "Syrian troops advanced toward the town, a spokesman for the army said."
    place = place_for(find_places(nlp(text)), "Syrian")
    assert (place.kind, place.country, place.name) == ("demonym", "SYR", "Syria")
    assert place.lat is not None and abs(place.lat - 35) < 2


def test_georgia_follows_context(nlp: Language) -> None:
    us = nlp("Voters in Atlanta and Savannah lined up early as Georgia counted ballots with Alabama and Florida.")
    caucasus = nlp("Russian troops remained in Georgia near Tbilisi, officials in Moscow and Armenia said.")
    assert place_for(find_places(us), "Georgia").kind == "admin1"
    assert place_for(find_places(caucasus), "Georgia").kind == "country"


def test_country_never_resolves_to_town(nlp: Language) -> None:
    place = place_for(find_places(nlp("Aid convoys crossed from Jordan into Lebanon on Friday.")), "Lebanon")
    assert (place.kind, place.country) == ("country", "LBN")
    geocoded = geocode("Lebanon", context_countries=["USA"])
    assert geocoded is not None and geocoded.kind == "country"


def test_container_cue_picks_the_town(nlp: Language) -> None:
    place = place_for(find_places(nlp("The port of Long Beach, California, reopened on Monday.")), "Long Beach")
    assert place.country == "USA" and place.lat is not None and place.lon is not None
    assert km(place.lat, place.lon, 33.77, -118.19) < 25


def test_unknown_name_yields_nothing(nlp: Language) -> None:
    assert find_places(nlp("Officials in Zqxvbrtland said nothing.")) == []
    assert geocode("Zqxvbrtland") is None


def test_offsets_point_into_text(nlp: Language) -> None:
    text = "Protesters gathered in Baghdad and Basra, Iraqi police said."
    for place in find_places(nlp(text), offset=100):
        assert text[place.start - 100 : place.end - 100] == place.text


def test_country_of_names_aliases_demonyms() -> None:
    assert country_of("Iraqi") == "IRQ"
    assert country_of("U.S.") == "USA"
    assert country_of("Britain") == "GBR"
    assert country_of("Atlantis") is None


def test_extra_rows_extend_the_gazetteer() -> None:
    gaz = load_gazetteer()
    before = len(gaz)
    apply_extra(gaz, ["place\tTestville Junction\t\tcity\tSYR\t35.0\t36.0\t1000\tTestville Jct"])
    assert len(gaz) == before + 1
    assert [m.entry.country for m in gaz.lookup("Testville Jct")] == ["SYR"]
