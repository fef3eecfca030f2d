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


def test_unknown_name_says_so_instead_of_guessing(nlp: Language) -> None:
    text = "Officials in Zqxvbrtland said nothing."
    assert find_places(nlp(text)) == [
        Place("Zqxvbrtland", 13, 24, "Zqxvbrtland", "other", None, None, None, None, confidence=0.0)]
    assert geocode("Zqxvbrtland") is None


def test_unknown_name_the_text_does_not_place_is_left_out(nlp: Language) -> None:
    # Tagged GPE, but nothing in the text says it is a place (no "in", no "province"): the small
    # model tags many people and firms GPE, so the NER label alone does not make it a place.
    assert [p.text for p in find_places(nlp("Kenya and Zqxvbrtland signed a treaty."))] == ["Kenya"]


def test_unknown_name_gives_no_event_a_location(code) -> None:
    res = code("Rebels attacked a convoy in Zqxvbrtland on Monday.")
    assert [(p.text, p.lat, p.confidence) for p in res.places] == [("Zqxvbrtland", None, 0.0)]
    assert res.events and all(ev.location is None for ev in res.events)
    assert res.to_dict()["places"][0]["confidence"] == 0.0


def test_confidence_is_lower_for_an_ambiguous_name(nlp: Language) -> None:
    springfield = place_for(find_places(nlp("Officials met in Springfield on Monday.")), "Springfield")
    nairobi = place_for(find_places(nlp("Officials met in Nairobi on Monday.")), "Nairobi")
    placed = place_for(find_places(nlp("Officials met in Springfield, Illinois, on Monday.")), "Springfield")
    assert springfield.confidence is not None and nairobi.confidence is not None and placed.confidence is not None
    assert 0.0 < springfield.confidence < 0.5 < 0.9 < nairobi.confidence <= 1.0
    assert placed.confidence > 0.9  # the state named beside it settles which Springfield
    assert springfield.lat is not None  # still geocoded: a low confidence says how sure, it does not hide


def test_countries_and_demonyms_are_confident(nlp: Language) -> None:
    places = find_places(nlp("Syrian forces shelled towns near the border with Turkey."))
    syrian, turkey = place_for(places, "Syrian"), place_for(places, "Turkey")
    assert syrian.kind == "demonym" and syrian.confidence is not None and syrian.confidence >= 0.9
    assert turkey.kind == "country" and turkey.confidence is not None and turkey.confidence >= 0.9
    geocoded = geocode("Nairobi")
    assert geocoded is not None and geocoded.confidence is not None and geocoded.confidence > 0.9


def test_the_west_is_not_a_place(nlp: Language) -> None:
    doc = nlp("The West and Russia clashed over Ukraine.")
    assert any(e.text == "West" and e.label_ in ("LOC", "GPE") for e in doc.ents)  # the NER calls it one
    places = find_places(doc)
    assert [p.text for p in places] == ["Russia", "Ukraine"]
    bank = place_for(find_places(nlp("Settlers moved into the West Bank on Sunday.")), "West Bank")
    assert bank.country == "PSE"


def test_a_name_that_is_no_place_hides_the_place_inside_it(nlp: Language) -> None:
    places = find_places(nlp("Germany halted the Nord Stream 2 pipeline, and Lille's mayor welcomed it."))
    assert "Nord" not in [p.text for p in places]
    assert place_for(places, "Germany").country == "DEU"


@pytest.mark.parametrize("text", [
    "South Korea accused the North of provocations.",
    "He sat at a lunch counter in the South in the 1960s.",
    "Heat waves are longer in the Southwest.",
])
def test_a_bare_direction_is_no_place(nlp: Language, text: str) -> None:
    assert [p.text for p in find_places(nlp(text)) if p.text in ("North", "South", "Southwest")] == []


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Israeli jets struck targets in South Lebanon on Monday.", "South Lebanon", "LBN"),
    ("Police raided a house in Dagestan overnight.", "Dagestan", "RUS"),
    ("Fishermen in Newfoundland protested the quota.", "Newfoundland", "CAN"),
])
def test_regions_the_press_names_otherwise(nlp: Language, text: str, name: str, country: str) -> None:
    place = place_for(find_places(nlp(text)), name)
    assert (place.kind, place.country) == ("admin1", country)


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


def test_demonym_never_locates_an_event() -> None:
    from eventwire.pipeline import extract

    result = extract("Syrian troops shelled the town on Sunday.", published="2017-04-09")
    assert result.events and all(e.location is None for e in result.events)


def test_event_location_is_where_it_happened() -> None:
    from eventwire.pipeline import extract

    text = ("Sadr called on the Syrian president in Damascus to step down after a chemical attack "
            "on the town of Khan Sheikhoun killed more than 80 people.")
    result = extract(text, published="2017-04-09")
    attack = next(e for e in result.events if e.type == "ASSAULT")
    assert attack.location is not None and attack.location.lat is not None and attack.location.lon is not None
    assert km(attack.location.lat, attack.location.lon, 35.44, 36.65) < 25
    assert attack.location.admin1 == "Idlib"


def test_a_country_that_acts_is_not_where_it_acted() -> None:
    from eventwire.pipeline import extract

    result = extract("U.S. strikes hit the air base near Homs on Friday.", published="2017-04-09")
    strikes = next(e for e in result.events if e.type == "ASSAULT")
    assert strikes.location is None or strikes.location.country != "USA"


def test_containment_by_state_abbreviation_in_a_dateline(nlp: Language) -> None:
    places = find_places(nlp("PARIS, Tenn. — The Paris city council met on Monday. Paris police attended."))
    for place in (p for p in places if "aris" in p.text.lower()):
        assert place.country == "USA" and place.lat is not None and place.lon is not None
        assert km(place.lat, place.lon, 36.30, -88.33) < 30


def test_country_named_town_with_its_state_named(nlp: Language) -> None:
    text = "A Palestine man was jailed in Anderson County, Texas, for fleeing from Palestine police."
    place = place_for(find_places(nlp(text)), "Palestine")
    assert place.country == "USA"


def test_state_context_picks_the_homonym(nlp: Language) -> None:
    text = "Paris police in Northeast Texas said the rumor spread from Dallas to Paris on Monday."
    place = place_for(find_places(nlp(text)), "Paris")
    assert place.country == "USA" and place.lat is not None and place.lon is not None
    assert km(place.lat, place.lon, 33.66, -95.56) < 30


def test_kufa_near_najaf(nlp: Language) -> None:
    place = place_for(find_places(nlp("He preached at a mosque in Kufa near Najaf, Iraq.")), "Kufa")
    assert place.country == "IRQ"


def test_a_list_is_not_containment(nlp: Language) -> None:
    text = "After stops in Washington, New York and Boston, the prince flew home."
    place = place_for(find_places(nlp(text)), "Washington")
    assert place.lat is not None and place.lon is not None
    assert km(place.lat, place.lon, 38.9, -77.04) < 50


def test_one_unknown_name_does_not_spoil_the_rest(nlp: Language) -> None:
    places = find_places(nlp("Fighters moved from Zqxvbrtville to Aleppo and then to Homs, Syria."))
    assert {p.text for p in places} >= {"Aleppo", "Homs", "Syria"}
    assert all(p.country == "SYR" for p in places if p.text != "Zqxvbrtville")
    assert [p.confidence for p in places if p.text == "Zqxvbrtville"] == [0.0]


def test_surname_of_a_named_person_is_not_a_place(nlp: Language) -> None:
    places = find_places(nlp("Chief of staff John Kelly met reporters. Kelly said the plan would work."))
    assert not any(p.text == "Kelly" for p in places)


def test_currency_names_its_country(nlp: Language) -> None:
    place = place_for(find_places(nlp("The fund holds 59.2 billion US dollars in reserves.")), "US")
    assert place.country == "USA" and place.kind == "country"


def test_neighbours_make_georgia_the_country(nlp: Language) -> None:
    text = "Armenia and Azerbaijan traded fire while Georgia called for talks in Tbilisi."
    assert place_for(find_places(nlp(text)), "Georgia").kind == "country"


def test_namesake_city_beats_its_division(nlp: Language) -> None:
    place = place_for(find_places(nlp("Protesters marched through New York on Saturday.")), "New York")
    assert place.kind == "city" and place.lat is not None and place.lon is not None
    assert km(place.lat, place.lon, 40.71, -74.01) < 30


def test_admin1_of_a_town() -> None:
    from eventwire.resolve.places import admin1_of

    place = geocode("Khan Sheikhoun")
    assert place is not None and admin1_of(place) == "Idlib"
    syria = geocode("Syria")
    assert syria is not None and admin1_of(syria) is None


def test_sqlite_store_answers_like_the_memory_store() -> None:
    from eventwire.resolve.gazetteer import load_in_memory

    on_disk, in_memory = load_gazetteer(), load_in_memory()
    for name in ("Khan Sheikhoun", "Springfield", "U.S.", "Idlib", "Calif.", "Middle East"):
        assert [(m.entry.geonames_id, m.entry.lat, m.primary) for m in on_disk.lookup(name)] == \
            [(m.entry.geonames_id, m.entry.lat, m.primary) for m in in_memory.lookup(name)]
    assert on_disk.by_geonames_id(168325) == in_memory.by_geonames_id(168325)


def test_a_states_name_is_the_state_not_a_village(nlp: Language) -> None:
    text = "The company moved from Florida to Morris County, New Jersey, near Riverdale and Newark."
    place = place_for(find_places(nlp(text)), "Florida")
    assert (place.kind, place.country) == ("admin1", "USA")


def test_demonym_of_a_division_keeps_its_country() -> None:
    assert country_of("English") == "GBR"
    assert country_of("Chechen") == "RUS"
    assert country_of("Kurdish") is None  # a region, no one country
