"""Geometry for the explorer's SVG pictures: the timeline's bars and the actor network.

Only numbers and names come out of here; the templates draw them (and escape
every name). Pictures are computed on the server so the pages need no script.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

# PLOVER v2 types, cooperative to conflictual, each with a colour: greens and
# blues for cooperation, ambers for verbal conflict, reds for material conflict.
PLOVER_COLOURS: dict[str, str] = {
    "AGREE": "#1b7837", "CONSULT": "#5aae61", "SUPPORT": "#8fc98a", "CONCEDE": "#4393c3",
    "COOPERATE": "#2166ac", "AID": "#5e3c99", "RETREAT": "#92c5de", "REQUEST": "#b2abd2",
    "ACCUSE": "#fdb863", "REJECT": "#e08214", "THREATEN": "#b35806", "PROTEST": "#d6604d",
    "SANCTION": "#8c510a", "MOBILIZE": "#f4a582", "COERCE": "#b2182b", "ASSAULT": "#67001f",
}
PLOVER_TYPES = tuple(PLOVER_COLOURS)
OTHER_COLOUR = "#888888"


def type_colour(event_type: str | None) -> str:
    return PLOVER_COLOURS.get((event_type or "").upper(), OTHER_COLOUR)


def palette_css() -> str:
    """One CSS rule per type, for badges and legends in HTML."""
    rules = [f".t-{t} {{ background: {c}; }}" for t, c in PLOVER_COLOURS.items()]
    return "\n".join(rules) + "\n"


# -- timeline ------------------------------------------------------------------------

def bucket_end(start: str, unit: str) -> str:
    """The last day of the bucket that begins on `start` (ISO day)."""
    first = date.fromisoformat(start)
    if unit == "week":
        return (first + timedelta(days=6)).isoformat()
    if unit == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1]).isoformat()
    return start


@dataclass
class Bar:
    start: str
    end: str
    x: float
    width: float
    total: int = 0
    segments: list[dict[str, Any]] = field(default_factory=list)


def timeline_bars(buckets: list[dict[str, Any]], unit: str = "day", width: int = 960, height: int = 240
                  ) -> dict[str, Any]:
    """Stacked bars, one per non-empty bucket in date order; a bucket's types stack in PLOVER order.

    Empty buckets are left out (the axis is categorical), so a corpus spread over
    years still gets readable bars; labels say which bucket each bar is.
    """
    by_start: dict[str, dict[str, int]] = defaultdict(dict)
    for b in buckets:
        by_start[b["start"]][b["type"]] = int(b["events"])
    starts = sorted(by_start)
    if not starts:
        return {"width": width, "height": height, "bars": [], "max": 0, "label_every": 1}
    peak = max(sum(types.values()) for types in by_start.values())
    slot = width / len(starts)
    bar_width = max(2.0, min(48.0, slot * 0.8))
    bars: list[Bar] = []
    for i, start in enumerate(starts):
        bar = Bar(start, bucket_end(start, unit), round(i * slot + (slot - bar_width) / 2, 1), round(bar_width, 1))
        y = float(height)
        order = sorted(by_start[start], key=lambda t: (PLOVER_TYPES.index(t) if t in PLOVER_COLOURS else 99, t))
        for event_type in order:
            n = by_start[start][event_type]
            h = height * n / peak
            y -= h
            bar.segments.append({"type": event_type, "events": n, "y": round(y, 1), "height": round(h, 1),
                                 "colour": type_colour(event_type)})
            bar.total += n
        bars.append(bar)
    label_every = max(1, math.ceil(len(starts) / (width / 80)))
    return {"width": width, "height": height, "bars": [b.__dict__ for b in bars], "max": peak,
            "label_every": label_every}


# -- network -------------------------------------------------------------------------

GRAVITY = 0.3  # pull to the centre, so that unconnected pairs fill the picture instead of its rim


def _layout(n: int, links: list[tuple[int, int, float]], iterations: int = 300) -> np.ndarray:
    """Fruchterman-Reingold force layout in the unit square, from a fixed start (same input, same picture)."""
    if n == 1:
        return np.array([[0.5, 0.5]])
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.stack([0.5 + 0.4 * np.cos(angle), 0.5 + 0.4 * np.sin(angle)], axis=1)
    k = 0.9 * math.sqrt(1.0 / n)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (delta / dist[:, :, None] * (k * k / dist)[:, :, None]).sum(axis=1)
        for a, b, w in links:
            d = pos[a] - pos[b]
            length = max(float(np.linalg.norm(d)), 1e-3)
            pull = d / length * (length * length / k) * min(1.0 + math.log(w), 3.0)
            force[a] -= pull
            force[b] += pull
        # A weak pull to the centre keeps unconnected pieces from drifting off.
        force -= (pos - 0.5) * GRAVITY * n * k
        size = np.maximum(np.linalg.norm(force, axis=1), 1e-9)
        pos += force / size[:, None] * np.minimum(size, temperature)[:, None]
        pos = np.clip(pos, 0.0, 1.0)
        temperature = max(0.005, temperature * 0.985)
    # Stretch to fill the square: the forces fix the shape, not the size.
    low, high = pos.min(axis=0), pos.max(axis=0)
    return (pos - low) / np.where(high - low > 1e-9, high - low, 1.0)


def network_picture(edges: list[dict[str, Any]], max_nodes: int = 40, width: int = 960,
                    height: int = 640) -> dict[str, Any]:
    """Nodes (the `max_nodes` actors in most events) and edges (actor -> recipient, one per type)."""
    weight: dict[str, int] = defaultdict(int)
    for e in edges:
        weight[e["source"]] += e["events"]
        weight[e["target"]] += e["events"]
    busiest = set(sorted(weight, key=lambda name: (-weight[name], name))[:max_nodes])
    kept = [e for e in edges if e["source"] in busiest and e["target"] in busiest]
    # An actor whose every partner was left out would float alone: leave it out too.
    linked = {e["source"] for e in kept} | {e["target"] for e in kept}
    names = sorted(linked, key=lambda name: (-weight[name], name))
    index = {name: i for i, name in enumerate(names)}
    pair_weight: dict[tuple[int, int], float] = defaultdict(float)
    for e in kept:
        a, b = sorted((index[e["source"]], index[e["target"]]))
        pair_weight[(a, b)] += e["events"]
    pos = _layout(len(names), [(a, b, w) for (a, b), w in pair_weight.items()]) if names else np.zeros((0, 2))
    mx, my = 110, 40  # room for the labels, which are wider than tall
    xy = [(round(mx + p[0] * (width - 2 * mx), 1), round(my + p[1] * (height - 2 * my - 14), 1)) for p in pos]
    peak = max(weight.values(), default=1)
    nodes = [{"name": name, "events": weight[name], "x": xy[i][0], "y": xy[i][1],
              "r": round(6 + 14 * math.sqrt(weight[name] / peak), 1)} for i, name in enumerate(names)]
    drawn = []
    parallel: dict[tuple[int, int], int] = defaultdict(int)
    for e in kept:
        a, b = index[e["source"]], index[e["target"]]
        nth = parallel[(a, b)]
        parallel[(a, b)] += 1
        drawn.append({**e, "path": _curve(xy[a], xy[b], nodes[b]["r"], nth),
                      "width": round(1.2 + 2.5 * math.log(e["events"] + 1, 2), 1), "colour": type_colour(e["type"])})
    return {"width": width, "height": height, "nodes": nodes, "edges": drawn,
            "hidden_nodes": max(0, len(weight) - len(names)), "types": sorted({e["type"] for e in kept})}


def _curve(a: tuple[float, float], b: tuple[float, float], target_radius: float, nth: int) -> str:
    """A quadratic curve from a to b, bent further for each parallel edge, ending at b's rim."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    bend = 18.0 + 16.0 * nth
    cx, cy = (x1 + x2) / 2 - dy / length * bend, (y1 + y2) / 2 + dx / length * bend
    # Stop at the target's rim (plus the arrowhead) so the arrow stays visible.
    tx, ty = x2 - cx, y2 - cy
    tl = math.hypot(tx, ty) or 1.0
    ex, ey = x2 - tx / tl * (target_radius + 2), y2 - ty / tl * (target_radius + 2)
    return f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"
