"""Writing converted knowledge: YAML (the shape of actors.yaml/agents.yaml), a KB table, or an event lexicon."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class VerbImportReport:
    """What a verb import kept, approximated and skipped, for the CLI to print."""

    blocks: int = 0
    patterns: int = 0
    entries: int = 0
    approximated: int = 0
    skipped: list[str] = field(default_factory=list)


def plover_types() -> frozenset[str]:
    """The PLOVER types knowledge/cameo.tsv uses: the values `--type`/`--default-type` may take."""
    from eventwire.extract.lexicon import load_lexicon

    return frozenset(row.plover_type for row in load_lexicon().cameo.values() if row.plover_type)


def cameo_types() -> Callable[[str], str | None]:
    """PLOVER type of a code as the pipeline will read it: its knowledge/cameo.tsv row or nearest ancestor."""
    from eventwire.extract.lexicon import load_lexicon

    table = load_lexicon()

    def type_of(code: str) -> str | None:
        row = table.code(code)
        return row.plover_type if row is not None else None

    return type_of


def lexicon_yaml(entries: list[dict[str, Any]], header: str) -> str:
    """Entries in the shape of knowledge/events.yaml, one flow mapping per line."""
    lines = [yaml.dump(e, Dumper=_Dumper, default_flow_style=True, sort_keys=False, allow_unicode=True,
                       width=100_000).strip() for e in entries]
    return _comment(header) + "entries:\n" + "".join(f"  - {line}\n" for line in lines)


def import_petrarch_verbs(paths: list[Path], out: Path | None = None, default_type: str | None = None,
                          fixed_type: str | None = None) -> tuple[str | None, VerbImportReport]:
    """Convert verb dictionaries into an event lexicon; write `out` and return None, or return the YAML text."""
    from eventwire.kb.verb_lexicon import convert
    from eventwire.kb.verbs import read_verb_file

    for given in (default_type, fixed_type):
        if given is not None and given not in plover_types():
            raise ValueError(f"{given!r} is not a PLOVER type ({', '.join(sorted(plover_types()))})")
    report = VerbImportReport()
    entries: list[dict[str, Any]] = []
    type_of = cameo_types()
    for path in paths:
        dictionary = read_verb_file(path)
        conversion = convert(dictionary, type_of, default_type=default_type, fixed_type=fixed_type)
        report.blocks += len(dictionary.blocks)
        report.patterns += sum(len(b.patterns) for b in dictionary.blocks)
        report.approximated += len(conversion.approximated)
        report.skipped += [f"{path.name} {s}" for s in dictionary.skipped + conversion.skipped]
        entries += conversion.entries
    report.entries = len(entries)
    names = ", ".join(p.name for p in paths)
    header = (f"Converted by `eventwire kb import-petrarch-verbs` from PETRARCH-format verb dictionaries: {names}.\n"
              "Keep the licence and provenance notes of the source dictionaries with this file.\n"
              "cameo is the dictionary's own code (raw_code keeps a paired code); see docs/kb.md for what\n"
              "the conversion approximates.")
    text = lexicon_yaml(entries, header)
    if out is None:
        return text, report
    out.write_text(text, encoding="utf-8")
    return None, report
