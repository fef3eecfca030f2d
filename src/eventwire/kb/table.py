"""The KB table: actors as tab-separated lines, for knowledge too big to load as YAML quickly.

One actor per line, `#` lines are comments (licence, provenance), the first other
line names the columns::

    id  name  kind  country  sectors  code  aliases  roles

`sectors` are comma-separated, `aliases` are separated by `|`, and `roles` by
`;`, each role written `SINCE..UNTIL COUNTRY SECTORS CODE` with `-` for an empty
field and an open end left empty (`2014-09-08.. IRQ GOV IRQGOV`). Rows read back
as the same dicts that knowledge/actors.yaml holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

COLUMNS = ("id", "name", "kind", "country", "sectors", "code", "aliases", "roles")


def _cell(value: str) -> str:
    # A tab or newline inside a cell would break the row: dictionary text never needs them.
    return " ".join(value.split())


def _role_text(role: dict[str, Any]) -> str:
    span = f"{role.get('since') or ''}..{role.get('until') or ''}"
    sectors = ",".join(role.get("sectors") or []) or "-"
    return " ".join((span, role.get("country") or "-", sectors, role.get("code") or "-"))


def format_rows(actors: Iterable[dict[str, Any]], header: str = "") -> str:
    """The table text: the header as `#` lines, the column line, one line per actor."""
    lines = [f"# {h}".rstrip() for h in header.splitlines()]
    lines.append("\t".join(COLUMNS))
    for a in actors:
        lines.append("\t".join((
            _cell(a["id"]), _cell(a["name"]), a.get("kind") or "other", a.get("country") or "",
            ",".join(a.get("sectors") or []), a.get("code") or "",
            "|".join(_cell(x) for x in a.get("aliases") or []),
            ";".join(_role_text(r) for r in a.get("roles") or []),
        )))
    return "\n".join(lines) + "\n"


def _role(text: str) -> dict[str, Any]:
    span, country, sectors, code = [*text.split(" "), "-", "-", "-"][:4]
    since, _, until = span.partition("..")
    return {"since": since or None, "until": until or None, "country": None if country == "-" else country,
            "sectors": [] if sectors == "-" else sectors.split(","), "code": None if code == "-" else code}


def read_cells(text: str) -> Iterator[list[str]]:
    """The rows of a table as lists of cells (id, name, ... roles), comments and column line skipped."""
    width = len(COLUMNS)
    seen_columns = False
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        if not seen_columns:
            seen_columns = True
            if line.startswith("id\t"):
                continue
        cells = line.split("\t")
        yield cells if len(cells) == width else (cells + [""] * width)[:width]


def row_dict(cells: list[str]) -> dict[str, Any]:
    """One row as a dict in the shape of knowledge/actors.yaml."""
    ident, name, kind, country, sectors, code, aliases, roles = cells
    return {
        "id": ident, "name": name, "kind": kind or "other", "country": country or None,
        "sectors": sectors.split(",") if sectors else [], "code": code or None,
        "aliases": aliases.split("|") if aliases else [],
        "roles": [_role(r) for r in roles.split(";")] if roles else [],
    }


def read_rows(text: str) -> Iterator[dict[str, Any]]:
    """The actors of a table, as dicts in the shape of knowledge/actors.yaml."""
    return (row_dict(cells) for cells in read_cells(text))
