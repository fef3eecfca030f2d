"""Writing converted knowledge: YAML (the shape of actors.yaml/agents.yaml) or a KB table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from eventwire.kb.petrarch import ImportReport, import_files
from eventwire.kb.table import format_rows

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _comment(header: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())


def to_yaml(knowledge: dict[str, Any], header: str = "") -> str:
    """Actors and agents as YAML, with `header` as leading comment lines."""
    body = yaml.dump(knowledge, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=200)
    return _comment(header) + body


def provenance(paths: list[Path]) -> str:
    names = ", ".join(p.name for p in paths)
    return (f"Converted by `eventwire kb import-petrarch` from PETRARCH-format dictionaries: {names}.\n"
            "Keep the licence and provenance notes of the source dictionaries with this file.\n"
            "Codes are CAMEO actor codes; roles carry PETRARCH's date restrictions (until is exclusive).")


def import_petrarch(paths: list[Path], out: Path | None = None, lenient: bool = False
                    ) -> tuple[str | None, ImportReport]:
    """Convert dictionaries; write `out` (.yaml, or .tsv for actors with agents beside it in
    OUT.agents.yaml) and return None, or return the YAML text when `out` is None."""
    report = ImportReport()
    knowledge = import_files(paths, lenient=lenient, report=report)
    header = provenance(paths)
    if out is None:
        return to_yaml(knowledge, header), report
    if out.suffix.lower() == ".tsv":
        out.write_text(format_rows(knowledge["actors"], header), encoding="utf-8")
        if knowledge["agents"]:
            agents_path = out.with_suffix(".agents.yaml")
            agents_path.write_text(to_yaml({"agents": knowledge["agents"]}, header), encoding="utf-8")
    else:
        out.write_text(to_yaml(knowledge, header), encoding="utf-8")
    return None, report
