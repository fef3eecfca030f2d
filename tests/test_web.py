"""The HTTP API and web explorer, in-process (httpx ASGI transport) over a real store built from samples/.

The store is built once per session (`sample_store`, also used by the export and
browser tests) and holds the samples plus one hostile article whose title, text,
entity and quote carry script tags, attribute breakers and SQL.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from eventwire.model import (
    Article,
    ArticleResult,
    Cue,
    Entity,
    Event,
    EventDate,
    Location,
    Mention,
    Participant,
    Place,
    Quote,
    SentenceRef,
    Speaker,
    Trigger,
)
from eventwire.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

SCRIPT = "<script>alert(1)</script>"
BREAKER = "\"'><img src=x onerror=alert(2)>"
SQL = "'; DROP TABLE events; --"
HOSTILE_ID = "hostile0000000001"


def _at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def hostile_result() -> ArticleResult:
    """An article whose every free-text field is an attack on the page or the SQL."""
    speaker = f"Commander {BREAKER}"
    quote = f"“{SCRIPT} we will fight {SQL}”"
    text = (f"{speaker} said rebels attacked Zzyzxville on Monday. {quote}, {speaker} said. "
            f"Officials wrote {SCRIPT} and {SQL} in a statement.")
    s_speaker, e_speaker = _at(text, speaker)
    s_quote, e_quote = _at(text, quote)
    s_said = text.index("said", e_quote)
    s_att, e_att = _at(text, "attacked")
    s_place, e_place = _at(text, "Zzyzxville")
    return ArticleResult(
        article=Article(id=HOSTILE_ID, text=text, title=f"{SCRIPT} {BREAKER} {SQL}", url=None,
                        outlet=f"{BREAKER} News", published="2020-02-03"),
        entities=(Entity("e1", speaker, "person", "ZZZ", ("REB",), None,
                         (Mention(s_speaker, e_speaker, speaker),)),),
        events=(Event("ev1", "ASSAULT", None, (), "190", 4, -10.0,
                      Participant("e1", speaker, "ZZZ", ("REB",)), Participant(None, f"{SQL} town", "ZZZ"),
                      Trigger("attacked", s_att, e_att), SentenceRef(0, 0, text.index(".") + 1),
                      EventDate("2020-02-03", "day", "Monday", "relative"),
                      Location("Zzyzxville", "Zzyzxville", "ZZZ", None, 35.1, -116.1, None)),),
        quotes=(Quote("q1", "direct", quote, s_quote, e_quote, Speaker("e1", speaker, s_speaker, e_speaker),
                      Cue("said", s_said, s_said + 4)),),
        places=(Place("Zzyzxville", s_place, e_place, "Zzyzxville", "city", "ZZZ", 35.1, -116.1, None),),
    )


def sample_store(factory: pytest.TempPathFactory, hostile: bool = True) -> Path:
    """The samples/ store, built once per test session; with `hostile`, a copy that also holds
    the hostile article (the browser tests take their screenshots from the plain one)."""
    base = factory.getbasetemp() / "samples_store"
    plain = base / "samples.duckdb"
    if not plain.exists():
        from eventwire.batch import run_into_store

        base.mkdir(parents=True, exist_ok=True)
        partial = base / "samples.building"
        partial.unlink(missing_ok=True)
        summary = run_into_store([SAMPLES], partial)
        assert summary.processed > 0
        partial.rename(plain)
    if not hostile:
        return plain
    with_hostile = base / "samples_hostile.duckdb"
    if not with_hostile.exists():
        partial = base / "hostile.building"
        shutil.copyfile(plain, partial)
        with Store(partial) as store:
            store.add([hostile_result()])
        partial.rename(with_hostile)
    return with_hostile


class Client:
    """A synchronous face on httpx's ASGI transport (one short event loop per request)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                return await client.request(method, url, **kwargs)

        return asyncio.run(go())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def html(self, url: str) -> httpx.Response:
        return self.get(url, headers={"accept": "text/html"})

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """A parsed page: every element with its attributes, all text, and the text of the element
    with ``class="text"`` (the article body) as ``captured[its id]``."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.captured: dict[str, str] = {}
        self._depth = 0
        self._capture: tuple[str, int, list[str]] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag in VOID:
            return
        self._depth += 1
        if a.get("class") == "text" and a.get("id") and self._capture is None:
            self._capture = (a["id"] or "", self._depth, [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self._capture is not None and self._depth == self._capture[1]:
            ident, _, parts = self._capture
            self.captured[ident] = "".join(parts)
            self._capture = None
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._capture is not None:
            self._capture[2].append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def with_class(self, cls: str) -> list[tuple[str, dict[str, str | None]]]:
        return [(t, a) for t, a in self.elements if cls in (a.get("class") or "").split()]

    def assert_inert(self) -> None:
        """No script, no injected element, no event-handler attribute anywhere."""
        assert not self.find("script")
        assert not self.find("img")
        handlers = [(t, k) for t, a in self.elements for k in a if k.lower().startswith("on")]
        assert not handlers, handlers


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(store_path: Path):
    from eventwire.web import create_app

    app = create_app(store_path)
    yield Client(app)
    app.state.pool.close()


@pytest.fixture(scope="module")
def store_counts(store_path: Path) -> dict[str, int]:
    with Store(store_path, read_only=True) as store:
        return store.counts()


@pytest.fixture(scope="module")
def first_article(client: Client) -> dict[str, Any]:
    """A sample article with events (the first in published order)."""
    items = client.get("/articles.json?limit=100").json()["items"]
    return next(a for a in items if a["events"] > 1 and a["id"] != HOSTILE_ID)


# -- every page and its twin ----------------------------------------------------------

PAGES = ["/index", "/events", "/timeline", "/network", "/map", "/articles", "/entities", "/quotes",
         "/relations", "/places", "/search?q=police", "/actor?name=Barack%20Obama", "/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_json_twin(client: Client, path: str) -> None:
    page = client.html(path)
    assert page.status_code == 200, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    parsed = Page(page.text)
    parsed.assert_inert()
    base, _, query = path.partition("?")
    twin_url = base + ".json" + (("?" + query) if query else "")
    href = httpx.URL(parsed.find("a", **{"class": "twin"})[0]["href"] or "")
    assert (href.path, href.params) == (httpx.URL(twin_url).path, httpx.URL(twin_url).params)
    twin = client.get(twin_url)
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "application/json"
    assert isinstance(twin.json(), dict)


def test_home_counts_every_table(client: Client, store_counts: dict[str, int]) -> None:
    assert client.get("/index.json").json()["counts"] == store_counts
    assert client.html("/").status_code == 200


def test_static_assets_are_served_from_the_package(client: Client) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert ".t-ASSAULT" in client.get("/types.css").text
    page = client.html("/events").text
    # Nothing is loaded from anywhere but this server.
    for tag, attrs in Page(page).elements:
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if tag in ("link", "script", "img") and value:
                assert value.startswith("/"), (tag, value)


def test_security_headers(client: Client) -> None:
    r = client.html("/events")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


# -- events: filters and paging -------------------------------------------------------

def test_events_page_through_all_events(client: Client, store_counts: dict[str, int]) -> None:
    seen: list[tuple[str, str]] = []
    url: str | None = "/events.json?limit=20"
    while url:
        body = client.get(url).json()
        assert body["total"] == store_counts["events"]
        seen += [(e["article_id"], e["id"]) for e in body["items"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == store_counts["events"]


def test_event_items_are_contract_events_with_their_article(client: Client) -> None:
    ev = client.get("/events.json?limit=1").json()["items"][0]
    for key in ("id", "type", "mode", "contexts", "cameo", "quad_class", "goldstein", "actor", "recipient",
                "trigger", "sentence", "date", "location", "fatalities", "injured", "status", "reported_by",
                "confidence", "article_id", "article_title"):
        assert key in ev


@pytest.mark.parametrize(("query", "check"), [
    ("type=assault", lambda e: e["type"] == "ASSAULT"),
    ("country=USA", lambda e: "USA" in ((e["actor"] or {}).get("country"), (e["recipient"] or {}).get("country"))),
    ("since=2018&until=2019-06", lambda e: e["date"] is None or "2018" <= e["date"]["value"][:7] <= "2019-06"),
    ("place=RUS", lambda e: e["location"] and e["location"]["country"] == "RUS"),
    ("actor=obama", lambda e: "obama" in json.dumps([e["actor"], e["recipient"], e["actor_name"],
                                                     e["recipient_name"]]).lower()),
    ("status=negated", lambda e: e["status"] == "negated"),
])
def test_event_filters(client: Client, query: str, check: Any) -> None:
    body = client.get(f"/events.json?limit=500&{query}").json()
    assert body["items"], query
    assert body["total"] == len(body["items"])
    assert all(check(e) for e in body["items"]), query
    assert body["total"] < client.get("/events.json").json()["total"]


def test_free_text_matches_the_event_sentence(client: Client) -> None:
    body = client.get("/events.json?q=killed&limit=500").json()
    assert body["items"]
    for e in body["items"]:
        article = client.get(f"/articles/{e['article_id']}.json").json()["article"]
        sentence = article["text"][e["sentence"]["start"]:e["sentence"]["end"]]
        assert "killed" in sentence.lower()


def test_blank_form_fields_mean_no_filter(client: Client) -> None:
    blank = client.get("/events.json?type=&actor=&country=&since=&until=&q=&status=").json()
    assert blank["total"] == client.get("/events.json").json()["total"]


@pytest.mark.parametrize(("query", "status"), [
    ("since=2017-13", 400), ("until=yesterday", 400), ("status=maybe", 400),
    ("limit=0", 422), ("limit=501", 422), ("offset=-1", 422), ("country=FRANCE", 422),
])
def test_bad_parameters_are_clear_4xx(client: Client, query: str, status: int) -> None:
    r = client.get(f"/events.json?{query}")
    assert r.status_code == status
    assert r.json()["error"]["message"]
    html = client.html(f"/events?{query}")
    assert html.status_code == status and "<h1>" in html.text


def test_timeline_counts_add_up(client: Client) -> None:
    for by in ("day", "week", "month"):
        body = client.get(f"/timeline.json?by={by}").json()
        drawn = sum(b["events"] for b in body["timeline"]["buckets"])
        assert drawn + body["timeline"]["undated"] == body["timeline"]["total"]
    weekly = client.get("/timeline.json?by=week").json()["timeline"]["buckets"]
    from datetime import date
    assert all(date.fromisoformat(b["start"]).weekday() == 0 for b in weekly)
    assert client.get("/timeline.json?by=year").status_code == 422


def test_timeline_filter_by_type(client: Client) -> None:
    body = client.get("/timeline.json?type=ASSAULT").json()
    assert {b["type"] for b in body["timeline"]["buckets"]} == {"ASSAULT"}
    page = Page(client.html("/timeline?type=ASSAULT").text)
    assert page.find("svg", id="timeline")
    assert page.find("rect", fill="#67001f")


def test_network_edges_and_picture(client: Client) -> None:
    body = client.get("/network.json").json()
    assert body["edges"] and all(e["events"] >= 1 for e in body["edges"])
    names = {n["name"] for n in body["picture"]["nodes"]}
    assert all(e["source"] in names and e["target"] in names for e in body["picture"]["edges"])
    page = Page(client.html("/network").text)
    assert len(page.find("circle")) == len(body["picture"]["nodes"])
    assert any((a.get("href") or "").startswith("/actor?name=") for a in page.find("a"))


def test_map_has_outlines_and_points(client: Client) -> None:
    body = client.get("/map.json").json()
    assert body["locations"] and all(p["lat"] is not None for p in body["locations"])
    page = Page(client.html("/map?fit=world").text)
    assert len(page.with_class("land")) > 150  # country outlines from the countryinfo package
    assert len(page.find("circle")) == len(body["locations"])


# -- articles and their evidence -------------------------------------------------------

def test_article_json_is_the_contract_record(client: Client, store_path: Path, first_article: dict) -> None:
    body = client.get(f"/articles/{first_article['id']}.json").json()
    with Store(store_path, read_only=True) as store:
        assert body == json.loads(json.dumps(store.get_result(first_article["id"])))


def test_article_page_marks_every_record_at_its_offsets(client: Client, first_article: dict) -> None:
    record = client.get(f"/articles/{first_article['id']}.json").json()
    page = Page(client.html(f"/articles/{first_article['id']}").text)
    # The marked-up text reads exactly as the stored text: nothing lost, nothing added.
    assert page.captured["text"] == record["article"]["text"]
    ids = {a.get("id") for _, a in page.elements}
    for ev in record["events"]:
        assert f"txt-ev-{ev['id']}" in ids and f"rec-ev-{ev['id']}" in ids
    for q in record["quotes"]:
        assert f"txt-q-{q['id']}" in ids and f"rec-q-{q['id']}" in ids
    for ent in record["entities"]:
        if ent["mentions"]:
            assert f"txt-ent-{ent['id']}" in ids
    for i, _ in enumerate(record["places"]):
        assert f"txt-pl-{i}" in ids
    kinds = {c for _, a in page.with_class("hl") for c in (a.get("class") or "").split()}
    assert {"hl-event", "hl-entity", "hl-place"} <= kinds
    links = {a.get("href") for _, a in page.with_class("hl-event")}
    assert links & {f"#rec-ev-{ev['id']}" for ev in record["events"]}


def test_unknown_article_is_404(client: Client) -> None:
    r = client.get("/articles/nope.json")
    assert r.status_code == 404 and "E016" in r.json()["error"]["message"]
    assert client.html("/articles/nope").status_code == 404


def test_articles_list_and_filters(client: Client, store_counts: dict[str, int]) -> None:
    body = client.get("/articles.json").json()
    assert body["total"] == store_counts["articles"]
    assert all("text" not in a for a in body["items"])
    dated = client.get("/articles.json?since=2020&until=2020").json()
    assert dated["items"] and all(a["published"].startswith("2020") for a in dated["items"])


def test_entities_quotes_places_relations(client: Client) -> None:
    entities = client.get("/entities.json?name=obama").json()["items"]
    assert entities and all("obama" in e["name"].lower() for e in entities)
    quotes = client.get("/quotes.json?speaker=Obama").json()
    assert quotes["items"] and all("text" in q and q["article_id"] for q in quotes["items"])
    places = client.get("/places.json?country=RUS").json()["items"]
    assert places and all(p["country"] == "RUS" for p in places)
    assert client.get("/relations.json").json()["total"] >= 0


def test_actor_page_lists_events_and_quotes(client: Client) -> None:
    body = client.get("/actor.json?name=Barack Obama").json()
    assert body["entity"]["name"] == "Barack Obama"
    assert body["events"]["items"] and body["quotes"]["items"]
    for ev in body["events"]["items"]:
        assert "Barack Obama" in (ev["actor_name"], ev["recipient_name"])
    assert client.get("/actor.json?name=Nobody%20At%20All").status_code == 404


def test_search_finds_article_text_and_quotes(client: Client) -> None:
    body = client.get('/search.json?q="police officers"').json()
    assert body["terms"] == ["police officers"]
    assert body["articles"]["items"]
    for hit in body["articles"]["items"]:
        s = hit["snippet"]
        assert s["text"][s["match_start"]:s["match_end"]].lower() == "police officers"
    quotes = client.get("/search.json?q=sanctions").json()["quotes"]["items"]
    assert all("sanctions" in q["text"].lower() for q in quotes)
    page = Page(client.html("/search?q=police").text)
    assert page.find("mark")


# -- the injection test -----------------------------------------------------------------

def test_hostile_article_is_stored_listed_searched_and_shown_inert(client: Client,
                                                                    store_counts: dict[str, int]) -> None:
    # Stored, and the SQL in it did nothing: every table is still there and counted.
    assert client.get("/index.json").json()["counts"] == store_counts
    record = client.get(f"/articles/{HOSTILE_ID}.json").json()
    assert record["article"]["title"] == f"{SCRIPT} {BREAKER} {SQL}"

    # Listed: in the article list, the events list and the network, as text.
    listed = client.html("/articles?q=DROP TABLE")
    page = Page(listed.text)
    page.assert_inert()
    assert f"{SCRIPT} {BREAKER} {SQL}" in page.text
    for url, shown_as_text in (("/events?country=ZZZ", SCRIPT), ("/network", BREAKER), ("/quotes?q=fight", SCRIPT),
                               ("/entities?country=ZZZ", BREAKER), ("/places?country=ZZZ", "Zzyzxville"),
                               ("/map?place=ZZZ", "Zzyzxville"), ("/timeline?country=ZZZ", "Timeline")):
        r = client.html(url)
        assert r.status_code == 200, url
        listed_page = Page(r.text)
        listed_page.assert_inert()
        assert shown_as_text in listed_page.text, url

    # Searched: the payloads are ordinary words to look for.
    for q in (SCRIPT, SQL, "onerror=alert(2)>"):
        found = client.get("/search.json", params={"q": q}).json()
        assert [a["id"] for a in found["articles"]["items"]] == [HOSTILE_ID], q
        shown = Page(client.get("/search", params={"q": q}, headers={"accept": "text/html"}).text)
        shown.assert_inert()
    assert client.get("/search.json", params={"q": SCRIPT}).json()["quotes"]["items"]

    # Shown: the article page renders the text exactly, as text.
    shown = Page(client.html(f"/articles/{HOSTILE_ID}").text)
    shown.assert_inert()
    assert shown.captured["text"] == record["article"]["text"]
    actor = client.get("/actor", params={"name": f"Commander {BREAKER}"}, headers={"accept": "text/html"})
    assert actor.status_code == 200
    Page(actor.text).assert_inert()

    # And used as filter values, the payloads are only values.
    for key in ("actor", "place", "q", "type"):
        r = client.get("/events.json", params={key: SQL})
        assert r.status_code in (200, 422), key
    assert client.get("/index.json").json()["counts"] == store_counts


# -- POST /extract -------------------------------------------------------------------------

def test_extract_returns_the_contract_and_stores_nothing(client: Client, store_counts: dict[str, int]) -> None:
    r = client.post("/extract", json={"text": "Police arrested six activists in Minsk on Tuesday.",
                                      "published": "2021-03-05", "title": "Arrests in Minsk"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"article", "entities", "events", "quotes", "relations", "places"}
    assert body["article"]["published"] == "2021-03-05"
    assert any(e["type"] in ("COERCE", "ASSAULT") for e in body["events"])
    plain = client.post("/extract", content=b"Rebels attacked the town.", headers={"content-type": "text/plain"})
    assert plain.status_code == 200 and plain.json()["article"]["text"]
    assert client.get("/index.json").json()["counts"] == store_counts


@pytest.mark.parametrize(("body", "headers", "status"), [
    (b"{not json", {"content-type": "application/json"}, 400),
    (b"[1, 2]", {"content-type": "application/json"}, 400),
    (b'{"title": "no text"}', {"content-type": "application/json"}, 400),
    (b'{"text": 42}', {"content-type": "application/json"}, 400),
    (b'{"text": "x", "evil": 1}', {"content-type": "application/json"}, 400),
    (b"\xff\xfe", {"content-type": "text/plain"}, 400),
    (b"<p>hi</p>", {"content-type": "text/html"}, 415),
    (b'{"text": "   "}', {"content-type": "application/json"}, 422),
    (b'{"text": "Rebels attacked.", "published": "April"}', {"content-type": "application/json"}, 422),
])
def test_extract_refuses_bad_bodies_clearly(client: Client, body: bytes, headers: dict, status: int) -> None:
    r = client.post("/extract", content=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.json()["error"]["message"]


def test_extract_is_size_limited(store_path: Path) -> None:
    from eventwire.web import create_app

    app = create_app(store_path, max_extract_bytes=100)
    try:
        small = Client(app)
        r = small.post("/extract", json={"text": "x" * 200})
        assert r.status_code == 413 and "limit" in r.json()["error"]["message"]

        async def chunks():  # no Content-Length: the limit still holds while reading
            for _ in range(10):
                yield b"y" * 50

        r = small.post("/extract", content=chunks(), headers={"content-type": "text/plain"})
        assert r.status_code == 413
    finally:
        app.state.pool.close()


# -- the token -------------------------------------------------------------------------------

def test_token_is_required_when_set(store_path: Path) -> None:
    from eventwire.web import create_app

    app = create_app(store_path, token="s3cret-t0ken")
    try:
        c = Client(app)
        refused = c.get("/events.json")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert c.get("/events.json", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/extract", json={"text": "x"}).status_code == 401
        assert c.get("/events.json", headers={"authorization": "Bearer s3cret-t0ken"}).status_code == 200
        assert c.get("/events.json", headers={"x-eventwire-token": "s3cret-t0ken"}).status_code == 200
        # A browser presents it once in the URL; it moves into a cookie and out of the address bar.
        first = c.get("/timeline?token=s3cret-t0ken&by=week")
        assert first.status_code == 303
        assert first.headers["location"] == "/timeline?by=week"
        assert "HttpOnly" in first.headers["set-cookie"]
        assert c.get("/timeline.json", headers={"cookie": "eventwire_token=s3cret-t0ken"}).status_code == 200
        assert c.get("/timeline.json?token=nope").status_code == 401
    finally:
        app.state.pool.close()


def test_token_check_is_constant_time() -> None:
    import inspect

    from eventwire.web import security

    assert "hmac.compare_digest" in inspect.getsource(security.token_matches)
    assert security.token_matches("abc", "abc") and not security.token_matches("abd", "abc")
    assert not security.token_matches(None, "abc")


def test_binding_beyond_loopback_needs_a_token() -> None:
    from eventwire.web.serve import TokenRequired, check_binding

    check_binding("127.0.0.1", None)
    check_binding("::1", None)
    check_binding("0.0.0.0", "t")
    with pytest.raises(TokenRequired):
        check_binding("0.0.0.0", None)
    with pytest.raises(TokenRequired):
        check_binding("192.168.1.5", "")


def test_serve_refuses_a_public_address_without_token(store_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(store_path), "--host",
                           "0.0.0.0", "--port", "1"], capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert "--token" in proc.stderr


def test_docs_describe_the_api(client: Client) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/events.json", "/articles.json", "/entities.json", "/quotes.json", "/relations.json",
                 "/places.json", "/search.json", "/extract"):
        assert path in schema["paths"], path
    page = Page(client.html("/docs").text)
    assert "/events.json" in page.text and not page.find("script")


def test_serve_and_export_are_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "eventwire serve" in readme and "eventwire export" in readme
