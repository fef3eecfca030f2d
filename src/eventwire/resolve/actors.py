"""The actor knowledge base (knowledge/actors.yaml) and role words (knowledge/agents.yaml).

Data only: who is who, which titles mean which sector. Users extend both with
files of the same shape (`--kb FILE`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Role:
    sectors: tuple[str, ...]
    since: str | None
    until: str | None
    country: str | None = None

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

    def coding_on(self, day: str | None) -> tuple[str | None, tuple[str, ...]]:
        """Country and sectors on the article's date: a role that holds then wins."""
        if day:
            for role in self.roles:
                if role.holds_on(day):
                    return role.country or self.country, role.sectors
            if self.roles and self.roles[0].since and day < self.roles[0].since:
                return self.country, ()
        return self.country, self.sectors


@dataclass(frozen=True)
class Agent:
    word: str
    sector: str
    kind: str
    definite: bool = False
    weak: bool = False  # too generic to name a sector on its own ("leader")


@dataclass(frozen=True)
class ActorKb:
    actors: tuple[KbActor, ...]
    by_surface: dict[str, KbActor]
    agents: dict[str, Agent]
    pattern: re.Pattern[str] | None

    def find(self, text: str) -> list[tuple[int, int, KbActor]]:
        """Every KB surface form in `text`, longest first, never overlapping."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), self.by_surface[m.group(0)]) for m in self.pattern.finditer(text)]

    def lookup(self, surface: str) -> KbActor | None:
        return self.by_surface.get(surface) or self.by_surface.get(_strip_the(surface))

    def agent(self, words: str) -> Agent | None:
        return self.agents.get(words.lower())


def _strip_the(s: str) -> str:
    return s[4:] if s.lower().startswith("the ") else s


def _actor(raw: dict[str, Any]) -> KbActor:
    roles = tuple(
        Role(tuple(r.get("sectors", [])), r.get("since"), r.get("until"), r.get("country"))
        for r in raw.get("roles", []) or []
    )
    return KbActor(
        id=str(raw["id"]),
        name=str(raw["name"]),
        aliases=tuple(str(a) for a in raw.get("aliases", []) or []),
        kind=str(raw.get("kind", "other")),
        country=raw.get("country"),
        sectors=tuple(raw.get("sectors", []) or []),
        roles=roles,
    )


def build_kb(actor_texts: Sequence[str], agent_texts: Sequence[str]) -> ActorKb:
    """Later texts override earlier ones on the same id or word."""
    by_id: dict[str, KbActor] = {}
    for text in actor_texts:
        for raw in (yaml.safe_load(text) or {}).get("actors", []) or []:
            actor = _actor(raw)
            by_id[actor.id] = actor
    by_surface: dict[str, KbActor] = {}
    for actor in by_id.values():
        for surface in (actor.name, *actor.aliases):
            by_surface.setdefault(surface, actor)
    agents: dict[str, Agent] = {}
    for text in agent_texts:
        for word, raw in ((yaml.safe_load(text) or {}).get("agents", {}) or {}).items():
            agents[str(word).lower()] = Agent(
                word=str(word).lower(), sector=str(raw["sector"]), kind=str(raw.get("kind", "other")),
                definite=bool(raw.get("definite", False)), weak=bool(raw.get("weak", False)),
            )
    surfaces = sorted(by_surface, key=len, reverse=True)
    pattern = (
        re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in surfaces) + r")(?![\w-])")
        if surfaces else None
    )
    return ActorKb(tuple(by_id.values()), by_surface, agents, pattern)


def _knowledge(name: str) -> str:
    return resources.files("eventwire.knowledge").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=4)
def load_kb(extra: tuple[Path, ...] = ()) -> ActorKb:
    """The shipped KB plus user files (actors and/or agents in one file), once per process."""
    texts = [p.read_text(encoding="utf-8") for p in extra]
    return build_kb([_knowledge("actors.yaml"), *texts], [_knowledge("agents.yaml"), *texts])
