"""Column lists of the interchange formats, written down from their codebooks.

GDELT 2.0 event table: 61 tab-separated columns, no header row (GDELT Event
Codebook V2.0). POLECAT weekly files: 40 tab-separated columns with a header.
Order matters in both: tools read these files by position.
"""

from __future__ import annotations


def _geo(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}Geo_{part}" for part in
                 ("Type", "Fullname", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"))


def _actor(n: int) -> tuple[str, ...]:
    return tuple(f"Actor{n}{part}" for part in
                 ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                  "Type1Code", "Type2Code", "Type3Code"))


GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *_actor(1), *_actor(2),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *_geo("Actor1"), *_geo("Actor2"), *_geo("Action"),
    "DATEADDED", "SOURCEURL",
)


def _side(who: str) -> tuple[str, ...]:
    return (f"{who} Name", f"{who} Country", f"{who} COW", f"Primary {who} Sector", f"{who} Sectors",
            f"{who} Title", f"{who} Name Raw", f"Wikipedia {who} ID")


POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    *_side("Actor"), *_side("Recipient"),
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type",
    "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language", "Version",
)

assert len(GDELT_EVENT_COLUMNS) == 61, len(GDELT_EVENT_COLUMNS)
assert len(POLECAT_COLUMNS) == 40, len(POLECAT_COLUMNS)
