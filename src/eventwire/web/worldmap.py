"""The map's geometry: country outlines and event points in one equirectangular projection.

Outlines come from the `countryinfo` package (Natural Earth shapes it ships
for about 170 countries), a pinned dependency, so the map needs no tile server
and no network. A longitude/latitude becomes ``x = lon + 180``, ``y = 90 - lat``
in a 360 x 180 SVG viewBox.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

WORLD = (0.0, 0.0, 360.0, 180.0)  # the whole viewBox: x, y, width, height


@dataclass(frozen=True)
class Outline:
    iso3: str
    name: str
    path: str  # SVG path data in viewBox units


def project(lon: float, lat: float) -> tuple[float, float]:
    return lon + 180.0, 90.0 - lat


def _ring_path(ring: Sequence[Sequence[float]]) -> str:
    points = [project(float(p[0]), float(p[1])) for p in ring if len(p) >= 2]
    if len(points) < 3:
        return ""
    head, *rest = points
    return f"M{head[0]:.2f},{head[1]:.2f}" + "".join(f"L{x:.2f},{y:.2f}" for x, y in rest) + "Z"


def _polygons(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[Sequence[float]]]]:
    if geometry.get("type") == "Polygon":
        yield geometry.get("coordinates") or []
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry.get("coordinates") or []


@functools.cache
def outlines() -> tuple[Outline, ...]:
    """Every country with a shape, drawn once per process (about 0.2 s) and kept."""
    try:
        import countryinfo
    except ImportError:  # the map still shows its points, on an empty sea
        return ()
    found: list[Outline] = []
    for country in countryinfo.all_countries():
        try:
            shape = country.geo_json() or {}
            iso3 = str(country.iso(3))
            name = str(country.name())
        except Exception:  # a record without ISO codes or shape: leave it off the map
            continue
        parts = [_ring_path(ring) for feature in shape.get("features") or []
                 for polygon in _polygons(feature.get("geometry") or {}) for ring in polygon]
        path = "".join(p for p in parts if p)
        if path:
            found.append(Outline(iso3.upper(), name, path))
    return tuple(sorted(found, key=lambda o: o.name))


def fit(points: Sequence[tuple[float, float]], margin: float = 0.2, min_width: float = 40.0
        ) -> tuple[float, float, float, float]:
    """A 2:1 viewBox around the points (lon, lat) with some sea around them; the world when none."""
    if not points:
        return WORLD
    xs = [project(lon, lat)[0] for lon, lat in points]
    ys = [project(lon, lat)[1] for lon, lat in points]
    width = max(max(xs) - min(xs), 2 * (max(ys) - min(ys)), min_width) * (1 + 2 * margin)
    width = min(width, 360.0)
    height = width / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - width / 2, 0.0), 360.0 - width)
    y = min(max(cy - height / 2, 0.0), 180.0 - height)
    return round(x, 2), round(y, 2), round(width, 2), round(height, 2)


def map_picture(locations: list[dict[str, Any]], country_events: dict[str, int], whole_world: bool
                ) -> dict[str, Any]:
    """The view, one circle per located place sized by its events, and a shade per country.

    The outlines themselves are not in here: they are the same for every map
    and the template draws them from `outlines()`, so the JSON twin stays small.
    """
    view = WORLD if whole_world else fit([(r["lon"], r["lat"]) for r in locations])
    scale = view[2] / 360.0  # circles keep their on-screen size when the view zooms in
    peak = max((r["events"] for r in locations), default=1)
    points = []
    for r in locations:
        x, y = project(r["lon"], r["lat"])
        points.append({**r, "x": round(x, 3), "y": round(y, 3),
                       "r": round(scale * (2.0 + 5.0 * math.sqrt(r["events"] / peak)), 3)})
    most = max(country_events.values(), default=1)
    shades = {iso3: _shade(n, most) for iso3, n in country_events.items()}
    return {"view": " ".join(str(v) for v in view), "points": points, "country_events": country_events,
            "shades": shades}


def _shade(events: int, most: int) -> int:
    """0 for no events, then 1-4 by share of the busiest country (a CSS class each)."""
    if events <= 0:
        return 0
    return min(4, 1 + int(3 * events / most))
