"""Read PETRARCH/TABARI actor and agent dictionaries into eventwire's knowledge shape.

Actor records (one per primary phrase)::

    HAIDAR_AL_ABADI              # phrase: words joined by "_" or " "
    +HAIDER_AL-ABADI             # "+" synonym
        [IRQELI 680101-000101]   # indented code with a date restriction
        [IRQGOV >20140908]       # ">D" from D on, "<D" up to D, "D1-D2" between (limits included)
        [IRQELI]                 # a code without a date is the default

A code may also follow the phrase on its own line (``ISRAEL [ISR]``), several
codes may share a line, and dates are YYYYMMDD or YYMMDD (YY 00-30 is 20YY).
Comments are ``#`` or ``;`` to the end of a line and ``<!-- ... -->`` blocks.

Agent records: ``CLERIC [~REL]``, ``HUMAN_RIGHTS_BODY [NGO~]``, an irregular or
empty plural in braces (``ATTORNEY_GENERAL {ATTORNEYS_GENERAL}``, ``POLICE {}``),
and substitution sets (``!PERSON! = MAN, MEN, WOMAN``) used inside phrases.

The result is plain dicts in the shape of knowledge/actors.yaml and agents.yaml
(plus the raw CAMEO `code`), so the same loader reads shipped and imported files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.kb.codes import NULL_CODES, decode
from eventwire.kb.names import display_name, slug

_CODE = re.compile(r"\[([^\]]*)\]")
_HTML_COMMENT = re.compile(r"<!.*?-->", re.S)
# Nouns that make an agent phrase a body rather than a person ("foreign ministry").
_BODY_WORDS = frozenset({
    "government", "ministry", "ministries", "police", "troops", "forces", "force", "army", "court", "parliament",
    "congress", "media", "press", "newspaper", "organization", "organisation", "group", "body", "party",
    "movement", "authority", "council", "service", "community", "judiciary", "union", "corporation", "agency",
    "committee", "military", "navy", "regime", "administration", "cabinet", "assembly", "senate", "opposition",
    "company", "firm", "bank", "office", "department", "guard", "militia", "network", "station", "radio",
    "television", "tv", "commission", "institute", "association", "federation", "front", "coalition",
})

# Words that make a dated record a body, not a person ("Islamic State of Iraq", "Republika Srpska").
_GROUP_HINTS = frozenset({
    "state", "republic", "republica", "republika", "brigade", "brigades", "league", "alliance", "krajina",
    "people's", "liberation", "islamic", "national", "revolutionary", "kingdom", "emirate", "caliphate",
})


@dataclass
class ActorRecord:
    """One dictionary record before conversion: phrases, default code and dated codes."""

    phrases: list[str]
    default: str | None = None
    dated: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (code, since, until)
    note: str = ""  # the comments of the record, kept as a hint ("CountryInfo.txt" entries are people)
    line: int = 0


@dataclass
class ImportReport:
    """What an import kept and what it had to skip, for the CLI to print."""

    actors: int = 0
    agents: int = 0
    skipped: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- lines and comments


def read_text(path: Path) -> str:
    """Dictionary text; the older files mix encodings, so undecodable bytes fall back to Latin-1."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, content without comments, comment) for each non-blank line."""
    # Multi-line <!-- --> blocks go first, keeping line numbers by leaving their newlines.
    text = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for n, raw in enumerate(text.splitlines(), 1):
        content, comment = raw, ""
        for mark in ("#", ";"):
            cut = content.find(mark)
            if cut >= 0:
                comment = content[cut + 1:] + " " + comment
                content = content[:cut]
        if content.strip():
            yield n, content.rstrip(), comment.strip()


def phrase(raw: str) -> str:
    """'HAIDAR_AL_ABADI_' -> 'HAIDAR AL ABADI': joins become spaces, the stop mark goes."""
    return " ".join(raw.replace("_", " ").split())


# ---------------------------------------------------------------- dates


def parse_date(text: str) -> date:
    """YYYYMMDD or YYMMDD (YY 00-30 is 20YY, as in KEDS/TABARI/PETRARCH); ValueError if invalid."""
    text = text.strip()
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"bad date {text!r}")
    if len(text) == 6:
        yy = int(text[:2])
        text = ("20" if yy <= 30 else "19") + text
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def restriction(body: str) -> tuple[str, str | None, str | None]:
    """'IRQGOV >20140908' -> (code, since, until) in eventwire's half-open ISO form.

    PETRARCH limits include both ends, eventwire's `until` is exclusive: the
    end date moves one day later.
    """
    parts = body.split(None, 1)
    code = parts[0].upper() if parts else ""
    if len(parts) == 1:
        return code, None, None
    spec = parts[1].replace(" ", "")
    if spec.startswith("<"):
        return code, None, (parse_date(spec[1:]) + timedelta(days=1)).isoformat()
    if spec.startswith(">"):
        return code, parse_date(spec[1:]).isoformat(), None
    start, sep, end = spec.partition("-")
    if not sep:
        raise ValueError(f"bad restriction {body!r}")
    return code, parse_date(start).isoformat(), (parse_date(end) + timedelta(days=1)).isoformat()


# ---------------------------------------------------------------- actors


def read_actor_records(text: str, report: ImportReport | None = None) -> list[ActorRecord]:
    """The records of one actor dictionary, in file order."""
    report = report if report is not None else ImportReport()
    records: list[ActorRecord] = []
    current: ActorRecord | None = None
    for n, content, comment in _lines(text):
        stripped = content.strip()
        codes = _CODE.findall(stripped)
        head = stripped.split("[", 1)[0].strip()
        if stripped.startswith("+") and current is not None:
            if head[1:].strip():
                current.phrases.append(phrase(head[1:]))
        elif stripped.startswith("[") or (content[:1].isspace() and not head):
            if current is None:
                report.skipped.append(f"line {n}: code without a phrase")
                continue
        else:
            current = ActorRecord([phrase(head)], note=comment, line=n)
            records.append(current)
        if current is None:
            continue
        if comment and comment not in current.note:
            current.note = f"{current.note} {comment}".strip()
        for body in codes:
            _add_code(current, body, n, report)
    return [r for r in records if r.phrases and r.phrases[0]]


def _add_code(record: ActorRecord, body: str, n: int, report: ImportReport) -> None:
    body = body.strip()
    if not body:
        return
    try:
        code, since, until = restriction(body)
    except ValueError as exc:
        report.skipped.append(f"line {n}: {exc}")
        return
    if since is None and until is None:
        if record.default is None:
            record.default = code
    else:
        record.dated.append((code, since, until))


def actor_dict(record: ActorRecord, used_ids: set[str], lenient: bool = False) -> dict[str, Any] | None:
    """One record in the shape of knowledge/actors.yaml, or None when it codes nothing."""
    codes = [c for c, _, _ in record.dated] + ([record.default] if record.default else [])
    real = [c for c in codes if c not in NULL_CODES]
    if not real:
        return None
    default = decode(record.default, lenient) if record.default else None
    main = record.default if record.default and record.default not in NULL_CODES else real[-1]
    main_decoded = decode(main, lenient)
    country = main_decoded.country or next((decode(c, lenient).country for c in real if decode(c, lenient).country),
                                           None)
    roles = [_role(code, since, until, lenient) for code, since, until in record.dated]
    if record.dated and record.default:
        # The default applies whenever no dated code does: an open role after the dated ones.
        roles.append(_role(record.default, None, None, lenient))
    name = display_name(record.phrases[0])
    ident = slug(name)
    base, k = ident, 2
    while ident in used_ids:
        ident, k = f"{base}_{k}", k + 1
    used_ids.add(ident)
    out: dict[str, Any] = {
        "id": ident,
        "name": name,
        "aliases": list(dict.fromkeys(display_name(p) for p in record.phrases[1:] if display_name(p) != name)),
        "kind": _kind(record, main_decoded.kind),
        "country": country,
        "sectors": list(default.sectors) if default else [],
        "code": record.default if record.default else None,
    }
    if roles:
        out["roles"] = roles
    return out


def _role(code: str, since: str | None, until: str | None, lenient: bool) -> dict[str, Any]:
    d = decode(code, lenient)
    return {"since": since, "until": until, "country": d.country, "sectors": list(d.sectors), "code": code}


def _kind(record: ActorRecord, hint: str | None) -> str:
    """person, country, armed_group, organization or other, from the comments, codes and words."""
    words = record.phrases[0].split()
    body = bool(words) and words[-1].lower() in _BODY_WORDS
    named_body = any(w.lower().strip("'") in _BODY_WORDS | _GROUP_HINTS for w in words)
    if "countryinfo" in record.note.lower() or "rulers" in record.note.lower():
        return "person"
    if record.dated and not named_body and hint != "country":
        return "person"  # only people change codes with dates (a country's regime change is "country")
    if not named_body and record.default and "ELI" in decode(record.default).sectors:
        return "person"  # ELI: former officials and other elites, nearly always people
    if hint is not None:
        return hint
    return "organization" if body else "other"


# ---------------------------------------------------------------- agents


def read_agents(text: str, report: ImportReport | None = None) -> dict[str, dict[str, Any]]:
    """Agent words (lower-case, with generated plurals) -> {sector, kind, code}."""
    report = report if report is not None else ImportReport()
    subs: dict[str, list[str]] = {}
    out: dict[str, dict[str, Any]] = {}
    for n, content, _comment in _lines(text):
        stripped = content.strip()
        marker = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", stripped)
        if marker:
            subs[marker.group(1)] = [w.strip() for w in marker.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(stripped)
        if not codes:
            report.skipped.append(f"line {n}: agent without a code")
            continue
        body = stripped.split("[", 1)[0]
        plural_match = re.search(r"\{([^}]*)\}", body)
        words = phrase(re.sub(r"\{[^}]*\}", " ", body))
        agent = _agent_code(codes[0])
        if not words or agent is None:
            report.skipped.append(f"line {n}: unreadable agent {stripped!r}")
            continue
        forms = _expand(words, subs)
        if plural_match is not None:
            forms += [phrase(plural_match.group(1))] if plural_match.group(1).strip() else []
        elif not any(m in words for m in subs):
            forms += [plural(f) for f in forms]
        for form in forms:
            low = form.lower()
            out.setdefault(low, {**agent, "kind": _agent_kind(low, agent["sector"])})
    return out


def _agent_code(body: str) -> dict[str, Any] | None:
    """'~GOVFRM' (suffix to the actor code) or 'NGO~' (prefix) -> sector and code."""
    code = body.replace(" ", "").upper()
    bare = code.replace("~", "")
    if not bare:
        return None
    return {"sector": bare[:3], "code": code}


def _expand(words: str, subs: dict[str, list[str]]) -> list[str]:
    forms = [words]
    for marker, values in subs.items():
        if marker in words:
            forms = [f.replace(marker, v) for f in forms for v in values]
    return [phrase(f) for f in forms]


def plural(words: str) -> str:
    """The regular plural of a phrase's last word (PETRARCH generates these itself)."""
    head, _, last = words.rpartition(" ")
    up = last.upper()
    if up.endswith("Y") and len(up) > 1 and up[-2] not in "AEIOU":
        form = last[:-1] + ("IES" if last.isupper() else "ies")
    elif up.endswith(("S", "X", "Z", "CH", "SH")):
        form = last + ("ES" if last.isupper() else "es")
    else:
        form = last + ("S" if last.isupper() else "s")
    return f"{head} {form}".strip()


def _agent_kind(words: str, sector: str) -> str:
    if sector in ("REB", "UAF", "INS", "SEP", "IMG"):
        return "armed_group"
    last = words.split()[-1] if words.split() else ""
    singular = {last, last[:-1] if last.endswith("s") else last, last[:-3] + "y" if last.endswith("ies") else last}
    return "organization" if singular & _BODY_WORDS else "person"


# ---------------------------------------------------------------- files


def is_agent_file(text: str) -> bool:
    """Agent dictionaries code with '~' ([~GOV], [NGO~]); actor dictionaries never do."""
    codes = _CODE.findall(_HTML_COMMENT.sub("", text))
    with_tilde = sum("~" in c for c in codes)
    return bool(codes) and with_tilde * 2 > len(codes)


def is_verb_file(text: str) -> bool:
    """Verb dictionaries open blocks with ``--- NAME [code] ---`` lines; actor and agent files never do."""
    return any(line.lstrip().startswith("---") for _, line, _ in _lines(text))


def import_files(paths: Iterable[Path], lenient: bool = False,
                 report: ImportReport | None = None) -> dict[str, Any]:
    """Actor and agent dictionaries (told apart by their codes) as one eventwire knowledge dict."""
    report = report if report is not None else ImportReport()
    actors: list[dict[str, Any]] = []
    agents: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for path in paths:
        text = read_text(path)
        if is_verb_file(text):  # not actors: read as such it would make an actor of every verb
            report.skipped.append(f"{path.name}: a verb dictionary; convert it with `kb import-petrarch-verbs`")
            continue
        if is_agent_file(text):
            for word, agent in read_agents(text, report).items():
                agents.setdefault(word, agent)
            continue
        for record in read_actor_records(text, report):
            actor = actor_dict(record, used, lenient)
            if actor is None:
                report.skipped.append(f"{path.name} line {record.line}: {record.phrases[0]!r} has only null codes")
            else:
                actors.append(actor)
    report.actors, report.agents = len(actors), len(agents)
    return {"actors": actors, "agents": agents}
