"""The actor knowledge base and role words (knowledge/*.yaml, knowledge/*.tsv).

Data only: who is who, which titles mean which sector. The shipped KB has three
layers, and a surface form ("Abadi") belongs to the highest layer that names it:

1. user files given with `--kb` (YAML in the shape of actors.yaml/agents.yaml, or
   a KB table `.tsv`), which also override shipped actors of the same id;
2. the curated files knowledge/actors.yaml and knowledge/leaders.yaml;
3. the generated table knowledge/phoenix_actors.tsv (from the MIT Phoenix
   dictionaries, scripts/build_phoenix_kb.py).

Matching against articles is kb/matcher.py (first-word index, alias guard).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.kb.matcher import SurfaceIndex
from eventwire.kb.table import read_cells, row_dict

# The C loader is ~10x faster on the larger files; fall back where libyaml is absent.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SHIPPED_GENERATED = ("phoenix_actors.tsv",)
SHIPPED_CURATED = ("actors.yaml", "leaders.yaml")


@dataclass(frozen=True)
class Role:
    sectors: tuple[str, ...]
    since: str | None
    until: str | None
    country: str | None = None
    code: str | None = None  # the CAMEO actor code of this role, where known ("IRQGOV")

    def holds_on(self, day: str) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


@dataclass(frozen=True)
class KbActor:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    sectors: tuple[str, ...]
    roles: tuple[Role, ...] = ()
    code: str | None = None  # the default CAMEO actor code, kept for peers (PETRARCH, GDELT)

    def _role_on(self, day: str | None) -> Role | None:
        if day:
            for role in self.roles:
                if role.holds_on(day):
                    return role
        return None

    def coding_on(self, day: str | None) -> tuple[str | None, tuple[str, ...]]:
        """Country and sectors on the article's date: a role that holds then wins."""
        role = self._role_on(day)
        if role is not None:
            return role.country or self.country, role.sectors
        if day and self.roles and self.roles[0].since and day < self.roles[0].since:
            return self.country, ()
        return self.country, self.sectors

    def code_on(self, day: str | None) -> str | None:
        """The CAMEO code on the article's date: the holding role's code, else the default code."""
        role = self._role_on(day)
        return role.code if role is not None else self.code


@dataclass(frozen=True)
class Agent:
    word: str
    sector: str
    kind: str
    definite: bool = False
    weak: bool = False  # too generic to name a sector on its own ("leader")
    code: str | None = None  # the CAMEO agent code as imported ("~GOVFRM", "NGO~")


@dataclass(frozen=True)
class KbSource:
    """One file's text: `fmt` is yaml or tsv; `layer` 0 generated, 1 curated, 2 user."""

    text: str
    fmt: str = "yaml"
    layer: int = 1
    name: str = ""
    actors: bool = True  # read its actors
    agents: bool = True  # read its agents


class _Row:
    """A KB table row, made into a KbActor only when an article names it: most of the
    generated KB's 20,000 actors are never met, and building them all would slow cold starts."""

    __slots__ = ("_actor", "cells")

    def __init__(self, cells: list[str]) -> None:
        self.cells = cells
        self._actor: KbActor | None = None

    def get(self) -> KbActor:
        if self._actor is None:
            self._actor = actor_from_dict(row_dict(self.cells))
        return self._actor


Entry = KbActor | _Row


def _get(entry: Entry) -> KbActor:
    return entry if isinstance(entry, KbActor) else entry.get()


@dataclass(frozen=True)
class ActorKb:
    entries: dict[str, Entry]  # by id
    surfaces: dict[str, Entry]  # every name and alias as written
    agents: dict[str, Agent]
    index: SurfaceIndex[Entry]

    @property
    def actors(self) -> tuple[KbActor, ...]:
        return tuple(_get(e) for e in self.entries.values())

    @property
    def by_surface(self) -> dict[str, KbActor]:
        return {s: _get(e) for s, e in self.surfaces.items()}

    def find(self, text: str) -> list[tuple[int, int, KbActor]]:
        """Every KB surface form in `text`, longest first, never overlapping."""
        return [(start, end, _get(e)) for start, end, e in self.index.find(text)]

    def lookup(self, surface: str) -> KbActor | None:
        entry = self.surfaces.get(surface) or self.surfaces.get(_strip_the(surface))
        return None if entry is None else _get(entry)

    def agent(self, words: str) -> Agent | None:
        return self.agents.get(words.lower())

    def persons_by_surname(self, surname: str) -> list[KbActor]:
        """The KB's people whose name ends in this word ("Mugabe" → Robert Mugabe)."""
        return [_get(e) for e in self._surname_index.get(surname.lower(), ())]

    @cached_property
    def _surname_index(self) -> dict[str, list[Entry]]:
        # Built on first use only: most articles never need it, and cold starts matter.
        index: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            kind = entry.kind if isinstance(entry, KbActor) else entry.cells[2]
            name = entry.name if isinstance(entry, KbActor) else entry.cells[1]
            if kind != "person" or not name.strip():
                continue
            index.setdefault(name.split()[-1].lower(), []).append(entry)
        return index

    def persons_by_near_surname(self, surname: str) -> list[KbActor]:
        """The KB's people whose surname is one letter away from this one ("Mitterand",
        "Bouteflicka"): the press misspells foreign names. Long surnames only (`NEAR_SURNAME_MIN`)."""
        word = surname.lower()
        if len(word) < NEAR_SURNAME_MIN:
            return []
        near = {known for key in _delete_keys(word) for known in self._surname_deletes.get(key, ())}
        return [_get(e) for known in sorted(near) if known != word and _one_edit(word, known)
                for e in self._surname_index[known]]

    @cached_property
    def _surname_deletes(self) -> dict[str, set[str]]:
        # Each surname under itself and under each one-letter deletion: two words one edit apart
        # share one of these keys (a "symmetric delete" index). Built on first use only.
        index: dict[str, set[str]] = {}
        for known in self._surname_index:
            if len(known) >= NEAR_SURNAME_MIN - 1:
                for key in _delete_keys(known):
                    index.setdefault(key, set()).add(known)
        return index

    def actor(self, actor_id: str) -> KbActor | None:
        entry = self.entries.get(actor_id)
        return None if entry is None else _get(entry)


NEAR_SURNAME_MIN = 8  # shorter surnames are too often other people's one letter away (Brown, Browne)


def _delete_keys(word: str) -> set[str]:
    """The word and each of its one-letter deletions."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def _one_edit(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours turns `a` into `b`."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _strip_the(s: str) -> str:
    return s[4:] if s.lower().startswith("the ") else s


def _role(r: dict[str, Any]) -> Role:
    return Role(tuple(r.get("sectors") or ()), r.get("since"), r.get("until"), r.get("country"), r.get("code"))


def actor_from_dict(raw: dict[str, Any]) -> KbActor:
    """One actor from a YAML or table row (dates may come as YAML dates: kept as ISO strings)."""
    roles = tuple(_role({**r, "since": _day(r.get("since")), "until": _day(r.get("until"))})
                  for r in raw.get("roles") or ())
    return KbActor(
        id=str(raw["id"]),
        name=str(raw["name"]),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        kind=str(raw.get("kind") or "other"),
        country=raw.get("country"),
        sectors=tuple(raw.get("sectors") or ()),
        roles=roles,
        code=raw.get("code"),
    )


def _day(value: Any) -> str | None:
    return None if value is None else str(value)


def _agent(word: str, raw: dict[str, Any]) -> Agent:
    return Agent(
        word=word, sector=str(raw["sector"]), kind=str(raw.get("kind", "other")),
        definite=bool(raw.get("definite", False)), weak=bool(raw.get("weak", False)), code=raw.get("code"),
    )


def _parse(source: KbSource) -> tuple[Iterable[Entry], dict[str, Any]]:
    """(actors, agents) of one source; a table holds actors only, kept as lazy rows."""
    if source.fmt == "tsv":
        return ((_Row(cells) for cells in read_cells(source.text)) if source.actors else ()), {}
    data = yaml.load(source.text, Loader=_Loader) or {}
    actors = (actor_from_dict(raw) for raw in data.get("actors") or []) if source.actors else ()
    agents = (data.get("agents") or {}) if source.agents else {}
    return actors, agents


def _id(entry: Entry) -> str:
    return entry.id if isinstance(entry, KbActor) else entry.cells[0]


def _surfaces_of(entry: Entry) -> list[str]:
    if isinstance(entry, KbActor):
        return [entry.name, *entry.aliases]
    aliases = entry.cells[6]
    return [entry.cells[1], *(aliases.split("|") if aliases else ())]


def build_kb_from(sources: Sequence[KbSource]) -> ActorKb:
    """The KB from layered sources: a later source overrides an earlier one on the same id or
    agent word; a surface belongs to the highest layer that names it (then to the first actor)."""
    entries: dict[str, Entry] = {}
    layer_of: dict[str, int] = {}
    agents: dict[str, Agent] = {}
    for source in sources:
        raw_actors, raw_agents = _parse(source)
        for entry in raw_actors:
            ident = _id(entry)
            entries[ident] = entry
            layer_of[ident] = max(source.layer, layer_of.get(ident, 0))
        for word, raw in raw_agents.items():
            agents[str(word).lower()] = _agent(str(word).lower(), raw)
    by_layer: dict[int, list[Entry]] = {}
    for ident, entry in entries.items():
        by_layer.setdefault(layer_of[ident], []).append(entry)
    index: SurfaceIndex[Entry] = SurfaceIndex()
    surfaces: dict[str, Entry] = {}
    for layer in sorted(by_layer, reverse=True):
        for entry in by_layer[layer]:
            for surface in _surfaces_of(entry):
                surfaces.setdefault(surface, entry)
                index.add(surface, entry)
    return ActorKb(entries, surfaces, agents, index)


def build_kb(actor_texts: Sequence[str], agent_texts: Sequence[str]) -> ActorKb:
    """YAML texts only (the original API): later texts override earlier ones on the same id or word."""
    sources = [KbSource(t, "yaml", 1, agents=False) for t in actor_texts]
    sources += [KbSource(t, "yaml", 1, actors=False) for t in agent_texts]
    return build_kb_from(sources)


def _knowledge(name: str) -> str | None:
    path = resources.files("eventwire.knowledge").joinpath(name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def shipped_sources(generated: bool = True) -> list[KbSource]:
    """The shipped knowledge files that exist, lowest layer first."""
    out: list[KbSource] = []
    names = [(n, "tsv", 0) for n in SHIPPED_GENERATED] if generated else []
    names += [(n, "yaml", 1) for n in SHIPPED_CURATED]
    for name, fmt, layer in names:
        text = _knowledge(name)
        if text is not None:
            out.append(KbSource(text, fmt, layer, name))
    agents = _knowledge("agents.yaml")
    if agents is not None:
        out.insert(0, KbSource(agents, "yaml", 1, "agents.yaml", actors=False))
    return out


def user_source(path: Path) -> KbSource:
    fmt = "tsv" if path.suffix.lower() in (".tsv", ".tab") else "yaml"
    return KbSource(path.read_text(encoding="utf-8"), fmt, 2, str(path))


@lru_cache(maxsize=4)
def load_kb(extra: tuple[Path, ...] = ()) -> ActorKb:
    """The shipped KB plus user files (actors and/or agents in one file), once per process."""
    return build_kb_from([*shipped_sources(), *(user_source(p) for p in extra)])
