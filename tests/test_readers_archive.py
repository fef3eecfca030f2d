"""Archive-scale inputs: gzipped JSONL, WARC (Common Crawl News style), RSS and Atom.

Every fixture is built here in tmp_path, from our own sentences; no model needed.
"""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.engines.estimate import estimate_articles
from eventwire.errors import ErrorCode, ItemError
from eventwire.ingest import SUPPORTED_EXTENSIONS, IngestedItem, read_sources

P1 = "Riot police fired tear gas at students who marched on the education ministry on Tuesday."
P2 = "The ministry said the tuition increase would go ahead and blamed opposition parties for the unrest."
P3 = "Farmers blocked the northern highway with tractors for a third day to protest against cheaper imports."
P4 = "Coast guard boats rescued forty fishermen after their trawler sank in a storm off the eastern cape."


def codes(results: list[IngestedItem | ItemError]) -> list[object]:
    return [r.code if isinstance(r, ItemError) else "ok" for r in results]


def good(results: list[IngestedItem | ItemError]) -> list[IngestedItem]:
    return [r for r in results if isinstance(r, IngestedItem)]


def test_new_extensions_are_supported() -> None:
    for ext in (".jsonl.gz", ".ndjson.gz", ".warc", ".warc.gz", ".rss", ".atom"):
        assert ext in SUPPORTED_EXTENSIONS


# -- JSONL.gz ------------------------------------------------------------------------


def test_jsonl_gz_reads_like_jsonl_with_errors_per_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": P1, "title": "March", "url": "https://x.example/1", "published": "2021-05-04"}).encode(),
        b'{"text": "cut off',
        json.dumps({"title": "no text"}).encode(),
        b"",
        "{\"text\": \"caf\xe9\"}".encode("latin-1"),  # not UTF-8
        json.dumps({"text": P2}).encode(),
    ]
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    results = list(read_sources([path], published="2020-01-01"))
    assert codes(results) == ["ok", ErrorCode.E006_BAD_JSON, ErrorCode.E007_MISSING_TEXT,
                              ErrorCode.E004_BAD_ENCODING, "ok"]
    assert [r.source for r in results] == [f"{path}:{n}" for n in (1, 2, 3, 5, 6)]
    first, last = good(results)
    assert (first.article.title, first.article.url, first.article.published) == (
        "March", "https://x.example/1", "2021-05-04")
    assert last.article.published == "2020-01-01"
    assert first.article.text == P1


def test_jsonl_gz_holds_the_size_limit_per_record_not_per_file(tmp_path: Path) -> None:
    path = tmp_path / "many.ndjson.gz"
    long_line = json.dumps({"text": "word " * 400})
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for _ in range(50):
            handle.write(json.dumps({"text": P3}) + "\n")
        handle.write(long_line + "\n")
        handle.write(json.dumps({"text": P4}) + "\n")
    results = list(read_sources([path], max_bytes=1000))  # the file is far over 1000 bytes
    assert codes(results) == ["ok"] * 50 + [ErrorCode.E005_TOO_LARGE, "ok"]
    assert good(results)[-1].article.text == P4


def test_big_jsonl_gz_is_streamed_not_loaded(tmp_path: Path) -> None:
    # 2 MB of JSON read with a 100 KB limit: a whole-file reader would refuse
    # it, the streamed one reads every record and holds about one at a time.
    path = tmp_path / "big.jsonl.gz"
    record = json.dumps({"text": " ".join([P1, P2, P3, P4] * 125)}) + "\n"  # about 50 KB
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
        for _ in range(40):
            handle.write(record)
    stream = read_sources([path], max_bytes=100_000)
    first = next(iter(stream))
    assert isinstance(first, IngestedItem)
    tracemalloc.start()
    try:
        rest = sum(1 for r in stream if isinstance(r, IngestedItem))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rest == 39
    assert peak < 1024 * 1024, f"peak {peak} bytes: more than a few records were held"


def test_truncated_gzip_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    data = gzip.compress("".join(json.dumps({"text": f"{P1} Item {n}."}) + "\n" for n in range(200)).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    results = list(read_sources([path]))
    assert results[-1].code is ErrorCode.E017_UNREADABLE  # type: ignore[union-attr]
    assert len(good(results)) > 10


# -- WARC ----------------------------------------------------------------------------


def page(title: str, paragraphs: list[str], published: str | None = None, charset: str = "utf-8") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><meta charset="{charset}"><title>{title}</title>{meta}</head>'
            f"<body><nav>Home | World</nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Copyright the outlet</footer></body></html>")


def write_warc(path: Path, records: list[tuple[str, str, str, bytes]], gz: bool) -> Path:
    """records: (WARC type, URI, HTTP status line + content type, body)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for rec_type, uri, http, body in records:
            if rec_type == "response":
                status, content_type = http.split("|")
                headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
                record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            elif rec_type == "request":
                headers = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "news.example")], is_http_request=True)
                record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=headers)
            else:
                record = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(body),
                                                   warc_content_type="application/warc-fields")
            writer.write_record(record)
    return path


def news_warc(path: Path, gz: bool) -> Path:
    latin = page("Streik in Hamburg", [P3 + " Die Bauern sind wütend.", P4], charset="iso-8859-1")
    return write_warc(path, [
        ("warcinfo", "", "", b"software: eventwire tests\r\n"),
        ("request", "https://news.example/a", "", b""),
        ("response", "https://news.example/a", "200 OK|text/html; charset=utf-8",
         page("Students march on ministry", [P1, P2], published="2022-03-15").encode("utf-8")),
        ("metadata", "https://news.example/a", "", b"fetchTimeMs: 120\r\n"),
        ("response", "https://news.example/missing", "404 Not Found|text/html", b"<html>gone</html>"),
        ("response", "https://news.example/logo.png", "200 OK|image/png", b"\x89PNG\r\n\x1a\n"),
        ("response", "https://news.example/empty", "200 OK|text/html", b"<html><body><div></div></body></html>"),
        ("response", "https://news.example/b", "200 OK|text/html", latin.encode("iso-8859-1")),
    ], gz)


@pytest.mark.parametrize("name,gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_response_pages_become_articles(tmp_path: Path, name: str, gz: bool) -> None:
    path = news_warc(tmp_path / name, gz)
    results = list(read_sources([path], published="2022-03-20"))
    # The request, metadata, 404 and PNG records are not articles: no item, no error.
    assert codes(results) == ["ok", ErrorCode.E009_BAD_HTML, "ok"]
    first, second = good(results)
    assert first.article.url == "https://news.example/a"
    assert first.article.title == "Students march on ministry"
    assert first.article.published == "2022-03-15"  # the page's own date
    assert P1 in first.article.text and P2 in first.article.text
    assert "Copyright" not in first.article.text and "Home | World" not in first.article.text
    assert results[1].source == f"{path}#https://news.example/empty"
    assert "wütend" in second.article.text  # decoded with the declared charset
    assert second.article.published == "2022-03-20"  # no date on the page: the run's default


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    records = [("response", f"https://news.example/{n}", "200 OK|text/html",
                page(f"Story {n}", [P1, P2, f"Story number {n} ends here."]).encode()) for n in range(6)]
    whole = write_warc(tmp_path / "whole.warc.gz", records, gz=True).read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[: int(len(whole) * 0.7)])
    results = list(read_sources([path]))
    assert 2 <= len(good(results)) < 6
    assert results[-1].code is ErrorCode.E017_UNREADABLE  # type: ignore[union-attr]


# -- RSS and Atom --------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>The Daily Example</title>
  <link>https://daily.example/</link>
  <item>
    <title>Students march on ministry</title>
    <link>https://daily.example/students</link>
    <pubDate>Tue, 15 Mar 2022 08:30:00 +0000</pubDate>
    <description>Short teaser only.</description>
    <content:encoded><![CDATA[<p>{P1}</p><p>{P2}</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Farmers block highway</title>
    <link>https://daily.example/farmers</link>
    <description>&lt;p&gt;{P3}&lt;/p&gt;</description>
  </item>
  <item><title>Nothing here</title><description></description></item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Times</title>
  <entry>
    <title>Fishermen rescued</title>
    <link href="https://harbour.example/rescue"/>
    <updated>2021-11-02T17:00:00Z</updated>
    <content type="html">&lt;p&gt;{P4}&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "daily.rss"
    path.write_text(RSS, encoding="utf-8")
    results = list(read_sources([path], published="2022-04-01"))
    assert codes(results) == ["ok", "ok", ErrorCode.E002_EMPTY]
    first, second = good(results)
    assert first.article.title == "Students march on ministry"
    assert first.article.url == "https://daily.example/students"
    assert first.article.outlet == "The Daily Example"
    assert first.article.published == "2022-03-15"
    assert first.article.text == f"{P1}\n\n{P2}"  # full content preferred, script dropped
    assert second.article.text == P3 and second.article.published == "2022-04-01"
    assert [r.source for r in results] == [f"{path}:{n}" for n in (1, 2, 3)]


def test_atom_entries_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "harbour.atom"
    path.write_text(ATOM, encoding="utf-8")
    (item,) = read_sources([path])
    assert isinstance(item, IngestedItem)
    assert (item.article.title, item.article.url, item.article.outlet, item.article.published) == (
        "Fishermen rescued", "https://harbour.example/rescue", "Harbour Times", "2021-11-02")
    assert item.article.text == P4


def test_broken_feed_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>Cut", encoding="utf-8")
    (result,) = read_sources([path])
    assert isinstance(result, ItemError) and result.code is ErrorCode.E017_UNREADABLE


# -- a directory of everything, and the estimate used for progress -----------------------


def test_directory_mixes_formats_and_estimate_counts_them(tmp_path: Path) -> None:
    news_warc(tmp_path / "a.warc.gz", gz=True)
    (tmp_path / "b.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress((json.dumps({"text": P4}) + "\n").encode() * 3))
    (tmp_path / "d.txt").write_text(f"Title\n\n{P1}", encoding="utf-8")
    results = list(read_sources([tmp_path]))
    assert len(good(results)) == 2 + 2 + 3 + 1
    # Byte-level counts: every response record and every item, bad ones included.
    assert estimate_articles([tmp_path]) == 5 + 3 + 3 + 1
