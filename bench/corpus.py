"""A synthetic news corpus for benchmarks and crash tests, written from our own sentences.

Articles are recombined from sentence templates with slots for actors, places,
dates and counts, so every article is different text (a different id) but reads
like wire copy: a few codable events, quotes, and background that codes nothing.
Deterministic for a given seed, so runs are comparable across machines.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

# country, demonym, cities
COUNTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Nigeria", "Nigerian", ("Lagos", "Abuja", "Kano", "Maiduguri")),
    ("Kenya", "Kenyan", ("Nairobi", "Mombasa", "Kisumu")),
    ("Iraq", "Iraqi", ("Baghdad", "Mosul", "Basra", "Kirkuk")),
    ("Syria", "Syrian", ("Damascus", "Aleppo", "Homs", "Idlib")),
    ("Ukraine", "Ukrainian", ("Kyiv", "Kharkiv", "Odesa", "Dnipro")),
    ("Colombia", "Colombian", ("Bogota", "Medellin", "Cali")),
    ("Peru", "Peruvian", ("Lima", "Cusco", "Arequipa")),
    ("Myanmar", "Burmese", ("Yangon", "Mandalay", "Naypyidaw")),
    ("Sudan", "Sudanese", ("Khartoum", "Omdurman", "Port Sudan")),
    ("Ethiopia", "Ethiopian", ("Addis Ababa", "Mekele", "Gondar")),
    ("Mali", "Malian", ("Bamako", "Gao", "Timbuktu")),
    ("Pakistan", "Pakistani", ("Karachi", "Lahore", "Peshawar", "Quetta")),
    ("India", "Indian", ("New Delhi", "Mumbai", "Srinagar")),
    ("Philippines", "Filipino", ("Manila", "Davao", "Marawi")),
    ("Mexico", "Mexican", ("Mexico City", "Guadalajara", "Culiacan")),
    ("Brazil", "Brazilian", ("Brasilia", "Sao Paulo", "Rio de Janeiro")),
    ("France", "French", ("Paris", "Marseille", "Lyon")),
    ("Turkey", "Turkish", ("Ankara", "Istanbul", "Diyarbakir")),
    ("Egypt", "Egyptian", ("Cairo", "Alexandria", "Suez")),
    ("Lebanon", "Lebanese", ("Beirut", "Tripoli", "Sidon")),
    ("Yemen", "Yemeni", ("Sanaa", "Aden", "Hodeidah")),
    ("Somalia", "Somali", ("Mogadishu", "Kismayo", "Baidoa")),
    ("Afghanistan", "Afghan", ("Kabul", "Kandahar", "Herat")),
    ("Venezuela", "Venezuelan", ("Caracas", "Maracaibo", "Valencia")),
    ("Chile", "Chilean", ("Santiago", "Valparaiso", "Concepcion")),
    ("Indonesia", "Indonesian", ("Jakarta", "Surabaya", "Medan")),
    ("Thailand", "Thai", ("Bangkok", "Chiang Mai", "Pattani")),
    ("Bangladesh", "Bangladeshi", ("Dhaka", "Chittagong", "Sylhet")),
    ("Iran", "Iranian", ("Tehran", "Mashhad", "Isfahan")),
    ("Germany", "German", ("Berlin", "Hamburg", "Munich")),
)
FIRST = ("Amina", "Daniel", "Grace", "Omar", "Lucia", "Tomas", "Fatima", "Ivan", "Mei", "Samuel",
         "Nadia", "Hassan", "Elena", "Kwame", "Priya", "Jorge", "Leila", "Anton", "Rosa", "Yusuf")
LAST = ("Okoro", "Mendez", "Haddad", "Kovalenko", "Tanaka", "Osei", "Rahman", "Silva", "Novak",
        "Abdi", "Castillo", "Farouk", "Petrov", "Nair", "Mwangi", "Duarte", "Karimi", "Weber")
OFFICES = ("President", "Prime Minister", "Interior Minister", "Foreign Minister", "Defence Minister",
           "opposition leader", "army spokesman", "police chief", "Governor")
KNOWN = ("Recep Tayyip Erdogan", "Emmanuel Macron", "Narendra Modi", "Volodymyr Zelensky",
         "Abdel Fattah el-Sisi", "António Guterres", "Olaf Scholz", "Vladimir Putin")
GROUPS = ("Boko Haram", "al-Shabaab", "the Taliban", "Houthi rebels", "Islamic State militants",
          "armed men", "suspected rebels", "gunmen", "separatist fighters", "a local militia")
ORGS = ("the United Nations", "the European Union", "the African Union", "the Red Cross",
        "Amnesty International", "the World Food Programme", "Human Rights Watch")
PEOPLE = ("students", "teachers", "farmers", "nurses", "workers", "opposition supporters",
          "truck drivers", "residents", "miners", "lawyers")
ISSUES = ("fuel price increases", "a new tax law", "the arrest of an opposition leader",
          "cuts to public pensions", "rising food prices", "police violence", "a disputed election result",
          "plans to close local schools", "power cuts")
TOPICS = ("border security", "a ceasefire", "trade and energy", "the return of refugees",
          "the release of prisoners", "water sharing", "a new security pact")
DEMANDS = ("release all political prisoners", "step down", "hold early elections", "end the blockade",
           "open humanitarian corridors", "withdraw its troops", "investigate the killings")
TARGETS = ("a police station", "a military base", "an army checkpoint", "a market", "a village",
           "a convoy of aid trucks", "a government building", "a camp for displaced people")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

EVENTS = (
    "{group} attacked {target} near {city} on {day}, killing at least {n} people and wounding {m} others, "
    "officials said.",
    "Thousands of {demonym} {people} protested in {city} on {day} against {issue}.",
    "{leader} met {leader2} in {city} on {day} to discuss {topic}.",
    "The government of {country} accused {country2} of arming the rebels in the north.",
    "{leader} called on {country2} to {demand}.",
    "Police arrested {n} {people} in {city} after clashes on {day}.",
    "{org} condemned the attack on {target} in {city} and demanded an independent investigation.",
    "{country} imposed sanctions on {country2} over its treatment of journalists.",
    "{group} ambushed a military convoy outside {city} on {day}, and {n} soldiers were killed.",
    "{country} and {country2} signed a trade agreement in {city} on {date}.",
    "Security forces detained {n} suspects in raids across {city} on {day}.",
    "The {demonym} government deployed troops to {city} after days of unrest.",
    "{org} sent food and medicine to {city}, where {n} families have lost their homes.",
    "Rebels released {n} hostages in {city} on {day} after weeks of talks.",
    "An air strike hit a school in {city} on {date}, killing {n} civilians, local doctors said.",
    "{leader} criticized {org} for doing too little to protect civilians in {city}.",
    "{demonym} authorities expelled two diplomats from {country2} on {day}.",
    "Lawmakers in {city} voted to ban protests near parliament, and {n} opposition members walked out.",
    "The army shelled villages near {city} on {day}, residents said.",
    "{leader} praised {leader2} for the agreement on {topic}.",
)
QUOTES = (
    "\u201cWe will not accept {issue},\u201d {leader} told reporters in {city}.",
    "\u201cThe people of {city} deserve to live without fear,\u201d said {leader}.",
    "{leader} said the government would answer for {issue}.",
    "\u201cThis is a dark day for {country},\u201d {leader} said in a statement on {day}.",
    "\u201cWe have asked for help many times, and nobody came,\u201d said {first} {last}, a resident of {city}.",
    "{leader} told parliament that talks on {topic} would resume next month.",
)
BACKGROUND = (
    "{city} is home to about {n} million people and is the country's main trading hub.",
    "The region has been unstable for years, and the fighting has forced many families from their homes.",
    "Prices of bread and fuel have risen sharply over the past year, hitting poorer households hardest.",
    "Analysts say the economy grew by {n} percent last year, but unemployment among young people remains high.",
    "Schools and markets in the city centre remained open on {day}, and traffic moved normally.",
    "The ministry did not respond to a request for comment.",
    "It was not immediately clear how many people had been displaced by the latest violence.",
    "Elections are due next year, and the campaign has already divided the ruling coalition.",
    "The river that runs through {city} floods almost every spring, and repairs to its banks are overdue.",
    "Local radio stations broadcast appeals for blood donors throughout the afternoon.",
    "The country has a long history of military rule, and the current constitution dates from {year}.",
    "Diplomats in {city} said the next round of talks could take place before the end of the year.",
    "Most of the region's farms depend on rain, and a poor harvest last year left many villages short of food.",
    "The new airport outside {city} opened in {year} and handles flights to most of the region.",
    "Independent journalists have found it difficult to reach the area, and phone lines were cut on {day}.",
)
HEADLINES = (
    "{n} killed in attack near {city}",
    "Protests spread in {city} over {issue}",
    "{country} and {country2} hold talks on {topic}",
    "Tensions rise between {country} and {country2}",
    "Aid groups warn of crisis in {city}",
)


def _slots(rng: random.Random, published: date) -> dict[str, str]:
    country, demonym, cities = rng.choice(COUNTRIES)
    other = rng.choice([c for c in COUNTRIES if c[0] != country])
    day = published - timedelta(days=rng.randint(0, 6))
    return {
        "country": country, "country2": other[0], "demonym": demonym, "city": rng.choice(cities),
        "leader": _leader(rng, demonym), "leader2": _leader(rng, other[1]),
        "group": rng.choice(GROUPS), "org": rng.choice(ORGS), "people": rng.choice(PEOPLE),
        "issue": rng.choice(ISSUES), "topic": rng.choice(TOPICS), "demand": rng.choice(DEMANDS),
        "target": rng.choice(TARGETS), "day": WEEKDAYS[day.weekday()],
        "date": f"{day.strftime('%B')} {day.day}", "n": str(rng.randint(2, 90)), "m": str(rng.randint(2, 60)),
        "first": rng.choice(FIRST), "last": rng.choice(LAST), "year": str(rng.randint(1960, 2015)),
    }


def _leader(rng: random.Random, demonym: str) -> str:
    if rng.random() < 0.25:
        return rng.choice(KNOWN)
    return f"{demonym} {rng.choice(OFFICES)} {rng.choice(FIRST)} {rng.choice(LAST)}"


def _capital(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def article(rng: random.Random, target_words: int, index: int) -> dict[str, str]:
    """One article of about `target_words` words: paragraphs of 1-4 sentences."""
    published = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
    story = _slots(rng, published)  # one main setting per article, like a real story
    paragraphs: list[str] = []
    words = 0
    while words < target_words:
        sentences = []
        for _ in range(rng.randint(1, 4)):
            # The main setting keeps returning; other slots vary sentence by sentence.
            slots = story if rng.random() < 0.5 else _slots(rng, published)
            pool = rng.choices((EVENTS, QUOTES, BACKGROUND), weights=(4, 2, 4))[0]
            sentences.append(_capital(rng.choice(pool).format(**slots)))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return {
        "title": _capital(rng.choice(HEADLINES).format(**story)),
        "text": "\n\n".join(paragraphs),
        "published": published.isoformat(),
        "outlet": "eventwire bench",
        "url": f"https://bench.example/{index:06d}",
    }


def articles(count: int, target_words: int = 600, seed: int = 7) -> Iterator[dict[str, str]]:
    """`count` articles as JSONL records (fields of the ingest contract)."""
    rng = random.Random(seed)
    for index in range(count):
        yield article(rng, target_words, index)


def write_jsonl(path: Path, count: int, target_words: int = 600, seed: int = 7) -> Path:
    """Write the corpus as one JSONL file (the format `eventwire run` reads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in articles(count, target_words, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
