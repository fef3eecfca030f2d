"""Ingest: formats, cleaning, numbered errors for bad input, stable ids.

All fixtures are written here, in our own words, into tmp_path. The seed
article is read from ../shared and the test skips when it is absent.
"""

from __future__ import annotations

import hashlib
import json
import socket
import tracemalloc
from pathlib import Path

import pytest

from eventwire.errors import ErrorCode, EventwireError, ItemError
from eventwire.ingest import (
    IngestedItem,
    article_from_text,
    article_id,
    clean_text,
    load_rules,
    normalize_published,
    read_sources,
)

SHARED = Path(__file__).parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_a3b256fcb9815394.txt"

P1 = "Police in the capital detained twelve protesters on Monday after a march against fuel prices."
P2 = "The interior ministry said officers had been attacked with stones and would investigate."
P3 = "Opposition leaders called the arrests an attempt to silence dissent and promised more rallies."

STORY = f"""Police detain protesters after fuel march

Market square
Protesters gather in the market square on Monday. Jane Roe/Reuters

{P1}

{P2}

Read More: Fuel prices rise for the third month

{P3}
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def items(results: list[IngestedItem | ItemError]) -> list[IngestedItem]:
    return [r for r in results if isinstance(r, IngestedItem)]


def errors(results: list[IngestedItem | ItemError]) -> list[ItemError]:
    return [r for r in results if isinstance(r, ItemError)]


def paragraphs(item: IngestedItem) -> list[str]:
    return item.article.text.split("\n\n")


# --- formats -----------------------------------------------------------------


def test_plain_text_title_body_and_cleaning(tmp_path: Path) -> None:
    [item] = list(read_sources([write(tmp_path / "a.txt", STORY)]))
    assert isinstance(item, IngestedItem)
    assert item.article.title == "Police detain protesters after fuel march"
    assert paragraphs(item) == [P1, P2, P3]
    caption = "Protesters gather in the market square on Monday. Jane Roe/Reuters"
    assert item.captions == ("Market square", caption)
    assert item.dropped == ("Read More: Fuel prices rise for the third month",)
    assert item.source == str(tmp_path / "a.txt")
    assert item.article.language == "en" and item.article.published is None


def test_text_and_markdown_extensions(tmp_path: Path) -> None:
    write(tmp_path / "b.text", f"Headline one\n\n{P1}\n")
    write(tmp_path / "c.md", f"# Headline two\n\n{P2}\n")
    got = items(list(read_sources([tmp_path / "b.text", tmp_path / "c.md"])))
    assert [(i.article.title, i.article.text) for i in got] == [("Headline one", P1), ("Headline two", P2)]


def test_one_line_file_is_the_story(tmp_path: Path) -> None:
    [item] = list(read_sources([write(tmp_path / "one.txt", P1 + "\n")]))
    assert isinstance(item, IngestedItem)
    assert item.article.text == P1 and item.article.title is None


def test_crlf_tabs_and_hard_wraps(tmp_path: Path) -> None:
    wrapped = (
        "Flood waters rise\r\n\r\n"
        "Heavy rain\tflooded\u00a0three villages in the river valley overnight,\r\n"
        "forcing hundreds of families to leave their homes, the regional\r\n"
        "governor said on Thursday.\r\n\r\n"
        "Rescue teams used boats to reach people stranded on the roofs of\r\n"
        "houses near the old bridge, which was closed to traffic.\r\n"
    )
    [item] = list(read_sources([write(tmp_path / "w.txt", wrapped)]))
    assert isinstance(item, IngestedItem)
    assert paragraphs(item) == [
        "Heavy rain flooded three villages in the river valley overnight, forcing hundreds of families "
        "to leave their homes, the regional governor said on Thursday.",
        "Rescue teams used boats to reach people stranded on the roofs of houses near the old bridge, "
        "which was closed to traffic.",
    ]


HTML = f"""<!doctype html><html><head><title>Police detain protesters - Example Post</title>
<meta property="article:published_time" content="2021-03-04T08:30:00+02:00">
<link rel="canonical" href="https://news.example.org/protest"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Police detain protesters</h1>
<p>{P1}</p>
<p>{P2}</p>
<p>Read More: Fuel prices rise for the third month</p>
<p>{P3}</p>
</article><footer>Copyright Example Post</footer></body></html>"""


def test_html_main_text_title_and_metadata(tmp_path: Path) -> None:
    [item] = list(read_sources([write(tmp_path / "p.html", HTML)], published="1999-01-01"))
    assert isinstance(item, IngestedItem)
    assert item.article.title == "Police detain protesters"
    assert paragraphs(item) == [P1, P2, P3]
    assert item.dropped == ("Read More: Fuel prices rise for the third month",)
    assert item.article.url == "https://news.example.org/protest"
    # The page's own date wins over the caller's default.
    assert item.article.published == "2021-03-04"


def test_html_is_read_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("ingest tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    [item] = list(read_sources([write(tmp_path / "p.html", HTML)]))
    assert isinstance(item, IngestedItem) and paragraphs(item) == [P1, P2, P3]


def test_malformed_html_is_e009_and_the_run_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "1.htm", "<html><body><div><p><script>var x = 1;</script></div")
    write(tmp_path / "2.html", HTML)
    results = list(read_sources([tmp_path]))
    assert [type(r) for r in results] == [ItemError, IngestedItem]
    assert errors(results)[0].code is ErrorCode.E009_BAD_HTML
    assert str(errors(results)[0]).startswith("E009 ")


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": P1, "title": "First", "url": "https://x.example/1", "outlet": "X", "extra": [1]}),
        '{"text": "unterminated',
        json.dumps({"title": "No text here"}),
        json.dumps({"text": P2, "title": 42}),
        "",
        json.dumps({"text": P3, "published": "2017-04-09T23:10:00Z"}),
        json.dumps({"text": P1, "published": "9 April 2017"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "   "}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    results = list(read_sources([path], published="2020-01-01"))
    assert [r.source for r in results] == [f"{path}:{n}" for n in (1, 2, 3, 4, 6, 7, 8, 9)]
    kinds = [r.code if isinstance(r, ItemError) else "ok" for r in results]
    assert kinds == [
        "ok",
        ErrorCode.E006_BAD_JSON,
        ErrorCode.E007_MISSING_TEXT,
        ErrorCode.E008_BAD_FIELD,
        "ok",
        ErrorCode.E012_BAD_DATE,
        ErrorCode.E006_BAD_JSON,
        ErrorCode.E007_MISSING_TEXT,
    ]
    first, second = items(results)
    assert (first.article.title, first.article.outlet) == ("First", "X")
    assert first.article.url == "https://x.example/1"
    assert first.article.published == "2020-01-01"  # filled from the caller
    assert second.article.published == "2017-04-09"  # its own date, truncated, kept
    assert "'title'" in errors(results)[2].message


def test_ndjson_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "a.ndjson", json.dumps({"text": P1}) + "\r\n")
    assert [i.article.text for i in items(list(read_sources([path])))] == [P1]


def test_csv_rows(tmp_path: Path) -> None:
    body = (
        "title,text,published,url,outlet,notes\n"
        f'First,"{P1}\n\nRead more: a link",2017-04-09,,Daily,ignored\n'
        ",,2017-04-10,,,\n"
        f'"Third","{P3}",,https://x.example/3,,\n'
    )
    path = write(tmp_path / "t.csv", body)
    results = list(read_sources([path]))
    assert [r.source for r in results] == [f"{path}:2", f"{path}:5", f"{path}:6"]
    first, missing, third = results
    assert isinstance(first, IngestedItem) and isinstance(third, IngestedItem)
    assert (first.article.text, first.article.title, first.article.published) == (P1, "First", "2017-04-09")
    assert first.article.url is None and first.article.outlet == "Daily"
    assert first.dropped == ("Read more: a link",)
    assert isinstance(missing, ItemError) and missing.code is ErrorCode.E007_MISSING_TEXT
    assert third.article.url == "https://x.example/3"


def test_csv_without_text_column_is_e010(tmp_path: Path) -> None:
    write(tmp_path / "a.csv", "title,body\nx,y\n")
    write(tmp_path / "b.txt", f"T\n\n{P1}")
    results = list(read_sources([tmp_path]))
    assert [type(r) for r in results] == [ItemError, IngestedItem]
    assert errors(results)[0].code is ErrorCode.E010_BAD_CSV


def test_json_object_and_list(tmp_path: Path) -> None:
    write(tmp_path / "one.json", json.dumps({"text": P1, "title": "One"}))
    write(tmp_path / "many.json", json.dumps([{"text": P2}, {"text": 3}, {"text": P3}]))
    write(tmp_path / "zbad.json", "{nope")
    results = list(read_sources([tmp_path]))
    assert [r.source for r in results] == [
        f"{tmp_path / 'many.json'}[0]",
        f"{tmp_path / 'many.json'}[1]",
        f"{tmp_path / 'many.json'}[2]",
        str(tmp_path / "one.json"),
        str(tmp_path / "zbad.json"),
    ]
    assert [r.code for r in errors(results)] == [ErrorCode.E007_MISSING_TEXT, ErrorCode.E006_BAD_JSON]
    assert [i.article.text for i in items(results)] == [P2, P3, P1]


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    write(tmp_path / "b" / "2.txt", f"B2\n\n{P2}")
    write(tmp_path / "b" / "1.txt", f"B1\n\n{P1}")
    write(tmp_path / "a.txt", f"A\n\n{P3}")
    write(tmp_path / ".hidden.txt", f"H\n\n{P3}")
    write(tmp_path / ".git" / "x.txt", f"G\n\n{P3}")
    extra = write(tmp_path.parent / f"{tmp_path.name}-extra.txt", f"E\n\n{P1}")
    titles = [i.article.title for i in items(list(read_sources([extra, tmp_path])))]
    assert titles == ["E", "A", "B1", "B2"]


def test_single_path_argument_is_not_walked_as_characters(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"A\n\n{P1}")
    assert [i.article.title for i in items(list(read_sources(str(path))))] == ["A"]


# --- published ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-04-09", "2017-04-09"),
        ("2017-04-09T10:20:30Z", "2017-04-09"),
        ("2017-04-09T23:59:00-05:00", "2017-04-09"),
        ("2017-04-09 10:20", "2017-04-09"),
    ],
)
def test_published_accepts_dates_and_iso_datetimes(value: str, expected: str) -> None:
    assert normalize_published(value) == expected


@pytest.mark.parametrize("value", ["2017-02-30", "09/04/2017", "2017-04-09junk", "2017-4-9", "April 9"])
def test_published_rejects_other_forms(value: str) -> None:
    with pytest.raises(EventwireError) as caught:
        normalize_published(value)
    assert caught.value.code is ErrorCode.E012_BAD_DATE


def test_caller_published_fills_only_gaps_and_is_checked_first(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"A\n\n{P1}")
    [item] = list(read_sources([path], published="2017-04-09T12:00:00"))
    assert isinstance(item, IngestedItem) and item.article.published == "2017-04-09"
    with pytest.raises(EventwireError) as caught:
        read_sources([path], published="yesterday")
    assert caught.value.code is ErrorCode.E012_BAD_DATE


# --- bad input: exactly one numbered error each, the rest still comes through ---


def test_each_bad_file_gives_one_error_and_good_files_survive(tmp_path: Path) -> None:
    write(tmp_path / "01_empty.txt", "")
    write(tmp_path / "02_blank.txt", "  \n\n \t\n\u00a0\u200b\n")
    write(tmp_path / "03_nul.txt", b"GIF89a\x00\x01\x02\x00binary\x00")
    write(tmp_path / "04_controls.txt", bytes(range(1, 9)) * 40)
    write(tmp_path / "05_latin1.txt", "Caf\u00e9 owners protested in the old town.".encode("latin-1"))
    write(tmp_path / "06_utf16.txt", "Title\n\nBody text.".encode("utf-16"))
    write(tmp_path / "07_big.txt", "x" * 2000)
    write(tmp_path / "08_notes.pdf", "%PDF-1.4")
    write(tmp_path / "09_good.txt", f"Good\n\n{P1}")
    write(tmp_path / "10_only_links.txt", "Title\n\nRead more: elsewhere\nClick here to subscribe")
    results = list(read_sources([tmp_path, tmp_path / "missing.txt"], published=None, max_bytes=1000))
    got = [(Path(r.source).name, r.code if isinstance(r, ItemError) else "ok") for r in results]
    assert got == [
        ("01_empty.txt", ErrorCode.E002_EMPTY),
        ("02_blank.txt", ErrorCode.E002_EMPTY),
        ("03_nul.txt", ErrorCode.E003_BINARY),
        ("04_controls.txt", ErrorCode.E003_BINARY),
        ("05_latin1.txt", ErrorCode.E004_BAD_ENCODING),
        ("06_utf16.txt", ErrorCode.E004_BAD_ENCODING),
        ("07_big.txt", ErrorCode.E005_TOO_LARGE),
        ("08_notes.pdf", ErrorCode.E011_UNSUPPORTED),
        ("09_good.txt", "ok"),
        ("10_only_links.txt", ErrorCode.E002_EMPTY),
        ("missing.txt", ErrorCode.E001_NOT_FOUND),
    ]
    assert "1000 bytes" in errors(results)[6].message


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    chunk = (json.dumps({"text": P1}) + "\n").encode() * 8000  # about 1 MB
    with big.open("wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    write(tmp_path / "small.txt", f"Small\n\n{P2}")
    assert big.stat().st_size >= 50 * 1024 * 1024
    tracemalloc.start()
    try:
        results = list(read_sources([tmp_path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.code if isinstance(r, ItemError) else "ok" for r in results] == [ErrorCode.E005_TOO_LARGE, "ok"]
    assert peak < 5 * 1024 * 1024, f"peak {peak} bytes: the big file was read"


def test_article_from_text() -> None:
    item = article_from_text(f"{P1}\n\n{P2}", title="  A   title ", published="2017-04-09T05:00:00Z")
    assert (item.article.title, item.article.published, item.source) == ("A title", "2017-04-09", "<text>")
    assert paragraphs(item) == [P1, P2]
    with pytest.raises(EventwireError) as empty:
        article_from_text("  \n  ")
    assert empty.value.code is ErrorCode.E002_EMPTY
    with pytest.raises(EventwireError) as bad_date:
        article_from_text(P1, published="04/09/2017")
    assert bad_date.value.code is ErrorCode.E012_BAD_DATE


# --- ids --------------------------------------------------------------------------


def test_ids_are_stable_content_hashes(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", f"Some title\r\n\r\n{P1}\n\n{P2}\n")
    write(tmp_path / "b.jsonl", json.dumps({"text": f"{P1}\n\n\n{P2}  ", "title": "Other"}) + "\n")
    a, b = items(list(read_sources([tmp_path])))
    assert a.article.text == b.article.text
    assert a.article.id == b.article.id == article_id(a.article.text)
    assert a.article.id == hashlib.sha256(a.article.text.encode()).hexdigest()[:16]
    assert article_from_text(P1).article.id != article_from_text(P2).article.id
    assert article_id(P1) == article_id(P1) and len(article_id(P1)) == 16


# --- cleaning -----------------------------------------------------------------------


def test_clean_keeps_paragraph_breaks_and_normalizes_space() -> None:
    cleaned = clean_text("  One\u00a0 two\tthree.\r\n\r\n\r\n\u200bFour  five.\u2029Six.\n")
    assert cleaned.text == "One two three.\n\nFour five.\n\nSix."
    assert cleaned.captions == () and cleaned.dropped == ()


@pytest.mark.parametrize(
    "line",
    [
        "Read More: Fuel prices rise for the third month",
        "READ MORE",
        "Related: Talks stall in the capital",
        "See also: Timeline of the dispute",
        "Click here to sign up for our newsletter",
        "Advertisement",
    ],
)
def test_link_lines_are_dropped(line: str) -> None:
    cleaned = clean_text(f"{P1}\n\n{line}\n\n{P2}")
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert cleaned.dropped == (line,)


@pytest.mark.parametrize(
    "line",
    [
        "Riot police stand guard outside parliament in the capital. Jane Roe/Reuters",
        "Riot police stand guard outside parliament. REUTERS/Jane Roe",
        "Riot police stand guard outside parliament. REUTERS/Jane Roe/File Photo",
        "Riot police stand guard outside parliament on Monday. (AP Photo/Jan Doe)",
        "Riot police stand guard outside parliament (Photo by Sam Poe/Getty Images)",
        "Riot police stand guard outside parliament. Ahmad al-Rubaye/AFP",
        "Riot police stand guard outside parliament. Getty Images",
        "Photo: Riot police outside parliament",
        "FILE PHOTO: Riot police stand guard outside parliament",
        "Riot police stand guard outside parliament. (Photo: Jane Roe)",
    ],
)
def test_caption_and_credit_lines_are_kept_aside(line: str) -> None:
    cleaned = clean_text(f"{P1}\n\n{line}\n\n{P2}")
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert cleaned.captions == (line,)


@pytest.mark.parametrize(
    "line",
    [
        "A Reuters/Ipsos poll published on Sunday found support for the plan at 41 percent.",
        "The agency sold the pictures to Getty Images.",
        "Related talks in Geneva ended without agreement, a spokesman for the United Nations said.",
        "Watchdog groups said they would read more of the files before commenting.",
        "The photo, taken by a bystander, showed police beating a man, Reuters reported.",
        "Talks resumed",  # a short subheading mid-story, not above a caption
        "\u201cWe will not leave,\u201d she said.",
    ],
)
def test_story_lines_are_never_dropped(line: str) -> None:
    cleaned = clean_text(f"{P1}\n\n{line}\n\n{P2}")
    assert cleaned.text == f"{P1}\n\n{line}\n\n{P2}"
    assert cleaned.captions == () and cleaned.dropped == ()


@pytest.mark.parametrize(
    "line",
    [
        f"{P1} {P2} {P3} {P1} A man walks past a burnt car. (AP Photo/Jan Doe)",
        f"Photo credit: Jo Poe. {P1} {P2} {P3} {P2} {P1}",
    ],
)
def test_long_line_with_a_glued_credit_stays_in_the_story(line: str) -> None:
    # Scraped text often runs a caption into the story, or a whole article onto
    # one line; losing the story would be worse than keeping a credit.
    assert clean_text(line).text == line


def test_short_label_is_a_caption_only_before_the_story_or_above_a_caption() -> None:
    photo = "The aftermath\nA burnt car on the road. Jan Doe/AFP"
    cleaned = clean_text(f"Border crossing\n\n{P1}\n\n{photo}\n\nNext steps\n\n{P2}")
    assert cleaned.text == f"{P1}\n\nNext steps\n\n{P2}"
    assert cleaned.captions == ("Border crossing", "The aftermath", "A burnt car on the road. Jan Doe/AFP")


def test_users_can_extend_the_rules(tmp_path: Path) -> None:
    mine = "links:\n  prefixes: [Dig deeper]\ncredits:\n  agencies: [Wire Pix]\n"
    extra = write(tmp_path / "mine.yaml", mine)
    rules = load_rules([extra])
    text = f"{P1}\n\nDig deeper: the history\n\nA crowd at dusk. Jo Poe/Wire Pix\n\n{P2}"
    cleaned = clean_text(text, rules)
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert cleaned.dropped == ("Dig deeper: the history",)
    assert cleaned.captions == ("A crowd at dusk. Jo Poe/Wire Pix",)
    # The shipped rules still apply, and without the extra file the new lines stay.
    assert clean_text(f"{P1}\n\nRead more: x", rules).dropped == ("Read more: x",)
    assert clean_text(text).text == text


# --- the seed article (read from ../shared, never copied) ----------------------------


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED} (../shared is absent)")
def test_seed_article_cleaning() -> None:
    [item] = list(read_sources([SEED], published="2017-04-09"))
    assert isinstance(item, IngestedItem)
    raw_lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    title, label, caption = raw_lines[0], raw_lines[1], raw_lines[2]
    assert item.article.title == title
    assert label == "Muqtada al-Sadr"
    assert caption.endswith("Alaa Al-Marjani/Reuters")
    assert item.captions == (label, caption)
    assert len(item.dropped) == 1 and item.dropped[0].startswith("Read More:")
    story = [line for line in raw_lines[3:] if not line.startswith("Read More:")]
    assert paragraphs(item) == story
    assert item.article.published == "2017-04-09"
    assert "Reuters" not in item.captions[0]
