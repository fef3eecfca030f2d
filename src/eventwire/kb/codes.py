"""CAMEO actor codes ("IRQGOV", "IGOUNOKID", "PSEREBHMS") as eventwire's country + sectors.

A CAMEO actor code is a run of three-letter blocks: a country (ISO alpha-3 in the
Phoenix dictionaries, plus a few historical or CAMEO-only codes) or an
international/non-state prefix (IGO, NGO, IMG, MNC ...), then role blocks
(GOV, MIL, REB ...) and identifiers (UNO, HMS ...). eventwire keeps the raw code
for peers and turns the recognised blocks into `country` and `sectors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pycountry

# International and non-state first blocks: they name no country.
NONSTATE = frozenset({"IGO", "NGO", "IMG", "MNC", "ISM", "INT", "UNO", "EUR"})
# Regions and religions CAMEO also uses as a first block (no country either).
REGIONS = frozenset({
    "AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MEA", "MDT",
    "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WEU", "WST",
})
RELIGIONS = frozenset({
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "HIN", "ITH", "JAN", "JEW",
    "JHW", "LDS", "MOS", "MRN", "NEW", "ORT", "PRO", "SHI", "SHN", "SIK", "SUF", "SUN", "TAO", "ZRO",
})
# Role blocks eventwire keeps as sectors (CAMEO meanings: MED is media, HLH health).
SECTORS = frozenset({
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "INS", "JUD",
    "LAB", "LEG", "MED", "MIL", "MOD", "OPP", "PTY", "RAD", "REB", "REF", "REL", "SEP", "SPY", "UAF",
    "IGO", "NGO", "IMG", "MNC", "ISM", "PRM", "ACT", "JRN", "SOC", "UNK",
})
ARMED = frozenset({"REB", "INS", "SEP", "UAF", "IMG", "PRM"})
ORGANISATION = frozenset({"IGO", "NGO", "MNC", "ISM"})
# CAMEO country codes that are not current ISO alpha-3, as the ISO code news readers expect.
CAMEO_COUNTRY = {"USR": "SUN", "KSV": "XKX", "TMP": "TLS", "DDR": "DDR", "YUG": "YUG", "CSK": "CSK",
                 "SCG": "SCG"}
NULL_CODES = frozenset({"---", "+++", "###"})


@dataclass(frozen=True)
class Decoded:
    country: str | None
    sectors: tuple[str, ...]
    kind: str | None  # a hint: country, organization, armed_group, or None when the code cannot tell


@lru_cache(maxsize=1)
def _iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def country_of_code(block: str, lenient: bool = False) -> str | None:
    """ISO alpha-3 for a CAMEO first block; `lenient` accepts any other alphabetic block as-is
    (the fictional countries of the PETRARCH validation dictionaries: ARN, GON ...)."""
    block = block.upper()
    if block in CAMEO_COUNTRY:
        return CAMEO_COUNTRY[block]
    if block in NONSTATE or block in REGIONS or block in SECTORS:
        return None
    if block in RELIGIONS and not lenient:  # a made-up country may spell a religion block (ITH)
        return None
    if block in _iso3():
        return block
    return block if lenient and block.isalpha() and len(block) == 3 else None


@lru_cache(maxsize=8192)
def decode(code: str, lenient: bool = False) -> Decoded:
    """Country, sectors and a kind hint of one CAMEO actor code."""
    code = code.strip().upper()
    if not code or code in NULL_CODES:
        return Decoded(None, (), None)
    first = code.split("/")[0]  # "FRO/BIL/SAM" names several actors; the first one codes the entity
    blocks = [first[i:i + 3] for i in range(0, len(first) - len(first) % 3, 3)]
    if not blocks:
        return Decoded(None, (), None)
    country = country_of_code(blocks[0], lenient)
    rest = blocks[1:] if country is not None else blocks
    sectors = tuple(dict.fromkeys(b for b in rest if b in SECTORS))
    kind: str | None = None
    if country is not None and not rest:
        kind = "country"
    elif any(b in ARMED for b in rest):
        kind = "armed_group"
    elif blocks[0] in ORGANISATION:
        kind = "organization"
    return Decoded(country, sectors, kind)
