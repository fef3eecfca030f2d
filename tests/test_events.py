"""Event coding on sentences written for these tests."""

from __future__ import annotations

import pytest


def events_of(code, text: str, published: str | None = "2020-06-15") -> list[dict]:
    return code(text, published).to_dict()["events"]


def one(code, text: str, type_: str) -> dict:
    found = [e for e in events_of(code, text) if e["type"] == type_]
    assert found, f"no {type_} in {[e['type'] for e in events_of(code, text)]}"
    return found[0]


def side(ev: dict, name: str) -> tuple[str | None, str | None]:
    s = ev[name] or {}
    return s.get("text"), s.get("country")


def test_active_voice_actor_and_recipient(code):
    ev = one(code, "French President Emmanuel Macron condemned Russia on Tuesday.", "ACCUSE")
    assert side(ev, "actor")[1] == "FRA"
    assert side(ev, "recipient")[1] == "RUS"
    assert ev["cameo"] == "111"
    assert ev["date"]["value"] == "2020-06-09"


def test_call_on_to_step_down_is_a_request_for_leadership_change(code):
    ev = one(code, "The Iraqi cleric called on the Syrian president to step down.", "REQUEST")
    assert ev["cameo"] == "0241" and ev["mode"] == "change"
    assert side(ev, "recipient")[1] == "SYR"
    # What is requested is not an event of its own.
    assert not any(
        e["type"] == "RETREAT"
        for e in events_of(code, "The Iraqi cleric called on the Syrian president to step down.")
    )


def test_passive_voice_swaps_the_sides(code):
    ev = one(code, "The Kenyan embassy was attacked by Somali militants on Monday.", "ASSAULT")
    assert side(ev, "actor")[1] == "SOM"


def test_agentless_passive_has_no_actor(code):
    ev = one(code, "Two journalists were arrested in Cairo on Friday.", "COERCE")
    assert ev["actor"] is None
    assert ev["mode"] == "arrest"


def test_nominal_trigger_takes_its_actor_from_a_national_modifier(code):
    ev = one(code, "Israeli air strikes hit the city overnight.", "ASSAULT")
    assert ev["cameo"] == "195" and ev["mode"] == "aerial"
    assert side(ev, "actor")[1] == "ISR"


def test_negated_trigger(code):
    ev = one(code, "The German government did not condemn the vote.", "ACCUSE")
    assert ev["status"] == "negated"


def test_conditional_is_hypothetical(code):
    ev = one(code, "If talks fail, Turkish troops would attack the town.", "ASSAULT")
    assert ev["status"] == "hypothetical"


def test_reported_event_names_the_reporter(code):
    res = code("Kenyan police said Somali militants attacked a bus near Mandera.")
    ev = next(e for e in res.to_dict()["events"] if e["type"] == "ASSAULT")
    reporter = next(e for e in res.entities if e.id == ev["reported_by"])
    assert reporter.country == "KEN"


def test_chemical_attack_with_fatalities_date_and_place(code):
    ev = one(
        code, "A gas attack that killed more than 30 people in Douma on April 7 drew condemnation.", "ASSAULT"
    )
    assert ev["cameo"] == "2041"
    assert ev["fatalities"]["min"] == 30
    assert ev["date"]["value"] == "2020-04-07"


def test_a_definite_mention_of_the_same_event_is_not_a_second_event(code):
    evs = events_of(code, "A bomb attack hit the market. The attack was the deadliest this year.")
    assert sum(e["type"] == "ASSAULT" for e in evs) == 1


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Japan and India agreed to expand defence cooperation.", "AGREE"),
        ("The Chinese foreign minister met his Russian counterpart in Beijing.", "CONSULT"),
        ("Canada praised the ceasefire deal.", "SUPPORT"),
        ("The Sudanese army released 40 prisoners on Sunday.", "RETREAT"),
        ("Egypt sent food aid to Gaza.", "AID"),
        ("Thousands of students protested in Santiago against fee increases.", "PROTEST"),
        ("The European Union imposed sanctions on Belarus.", "SANCTION"),
        ("Indian troops were deployed to the border.", "MOBILIZE"),
        ("Iran rejected the proposal.", "REJECT"),
        ("North Korea threatened to strike American bases.", "THREATEN"),
        ("The opposition demanded new elections.", "REQUEST"),
        ("Police detained six activists in Minsk.", "COERCE"),
        ("Turkish soldiers fought alongside Azerbaijani forces.", "COOPERATE"),
        ("The president conceded defeat after the vote.", "CONCEDE"),
        ("Rebels shelled the outskirts of the capital.", "ASSAULT"),
        ("The United Nations accused Myanmar of genocide.", "ACCUSE"),
    ],
)
def test_every_plover_type_has_a_trigger(code, text, type_):
    assert type_ in [e["type"] for e in events_of(code, text)]


def test_an_actorless_event_in_a_side_clause_is_the_scene_not_the_news(code):
    text = "Kenya lifted a night curfew in the north, where nine people have been killed in riots this year."
    types = [e["type"] for e in events_of(code, text)]
    assert "CONCEDE" in types
    assert "ASSAULT" not in types and "PROTEST" not in types


def test_an_event_with_a_clause_of_its_own_stays_news(code):
    text = "The minister resigned in the wake of a bomb attack that killed 12 people in Kandahar."
    ev = one(code, text, "ASSAULT")
    assert ev["fatalities"]["min"] == 12


def test_the_aim_of_a_protest_names_its_target(code):
    text = ("Thousands of Kenyan teachers staged demonstrations on Monday to demand higher pay "
            "from the Ugandan government.")
    evs = events_of(code, text)
    assert [e["type"] for e in evs] == ["PROTEST"]  # the demand is the protest's aim, not a second event
    assert side(evs[0], "recipient")[1] == "UGA"


def test_in_protest_against_names_the_target_of_a_hunger_strike(code):
    text = "Chilean miners began a hunger strike in protest against the Bolivian government's decision."
    ev = one(code, text, "PROTEST")
    assert side(ev, "recipient")[1] == "BOL"
    assert [e["type"] for e in events_of(code, text)] == ["PROTEST"]


def test_an_ethnic_group_is_coded_by_the_country_it_lives_in(code):
    ev = one(code, "About 200 ethnic Hungarians demonstrated on Sunday in Slovakia.", "PROTEST")
    assert side(ev, "actor")[1] == "SVK"


def test_a_describing_participle_gives_the_side_its_country(code):
    ev = one(code, "Some 3,000 dock workers affiliated with the Greek General Confederation of Labour "
                   "stopped work on Tuesday.", "PROTEST")
    assert side(ev, "actor")[1] == "GRC"


def test_a_place_for_a_people_takes_their_country(code):
    ev = one(code, "A shelter for Sudanese refugees was attacked by gunmen on Tuesday.", "ASSAULT")
    assert side(ev, "recipient")[1] == "SDN"


def test_they_after_a_plural_speaker_is_the_speaker(code):
    ev = one(code, "Rebels in eastern Chad said they had seized the town of Abeche.", "ASSAULT")
    assert ev["actor"]["text"] == "they" and side(ev, "actor")[1] == "TCD"
    doc = code("Rebels in eastern Chad said they had seized the town of Abeche.").to_dict()
    names = {e["id"]: e["name"] for e in doc["entities"]}
    assert names[ev["actor"]["entity"]] == "Rebels"  # not Chad, the last name before "they"


def test_a_describing_adjective_after_the_noun_gives_the_side_its_country(code):
    ev = one(code, "Gunmen loyal to a Somali warlord said they had attacked the convoy.", "ASSAULT")
    assert side(ev, "actor")[1] == "SOM"


def test_a_country_someone_is_for_or_against_is_not_theirs(code):
    ev = one(code, "Pro-Russian separatists shelled the city of Mariupol on Sunday.", "ASSAULT")
    assert side(ev, "actor")[1] != "RUS"
    ev = one(code, "An anti-Iran editor was shot dead outside his office in Baghdad on Friday.", "ASSAULT")
    assert side(ev, "recipient")[1] != "IRN"


def test_to_protest_after_an_act_of_protest_is_a_protest(code):
    ev = one(code, "Kurdish shopkeepers in Turkey closed their shops on Friday to protest against the arrests.",
             "PROTEST")
    assert ev["cameo"].startswith("14")


def test_declaring_a_state_of_emergency_is_coercion(code):
    ev = one(code, "The Peruvian government declared a state of emergency in Lima on Monday.", "COERCE")
    assert ev["cameo"] == "1724" and side(ev, "actor")[1] == "PER"


def test_ordering_an_event_is_that_event_by_whoever_orders_it(code):
    evs = events_of(code, "President Kassym-Jomart Tokayev of Kazakhstan ordered a partial mobilization on Friday.")
    assert [e["type"] for e in evs] == ["MOBILIZE"]  # not a request whose content is the mobilisation
    assert side(evs[0], "actor")[1] == "KAZ"


def test_a_siege_is_a_blockade_and_a_state_of_siege_is_martial_law(code):
    ev = one(code, "Ethiopia imposed a siege on the Tigrayan town on Monday.", "COERCE")
    assert ev["cameo"] == "191"
    ev = one(code, "The Bolivian government imposed a state of siege on Sunday.", "COERCE")
    assert ev["cameo"] == "1724"
