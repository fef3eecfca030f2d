"""Roles by date, and user knowledge loaded with --kb (YAML from the importer, or a KB table)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.resolve.actors import load_kb

DICTIONARY = """\
QUILLON_BRAE
+PRESIDENT_BRAE
	[VLDOPP <20180531]
	[VLDGOV 20180601-20220531]
	[VLDELI]
VALDORIA [VLD]
"""


def coding(name: str, day: str | None) -> tuple[str | None, tuple[str, ...]]:
    (_, _, actor), = load_kb().find(name)
    return actor.coding_on(day)


def test_shipped_leaders_change_sector_with_office() -> None:
    assert coding("Haider al-Abadi", "2016-01-01") == ("IRQ", ("GOV",))
    assert coding("Haider al-Abadi", "2020-01-01") == ("IRQ", ("PTY",))
    assert coding("Ahmed al-Sharaa", "2019-05-01") == ("SYR", ("REB",))
    assert coding("Abu Mohammad al-Julani", "2025-03-01") == ("SYR", ("GOV",))
    assert coding("Bashar al-Assad", "2017-04-09") == ("SYR", ("GOV",))
    assert coding("Bashar al-Assad", "2025-06-01") == ("SYR", ("ELI",))
    assert coding("Donald Trump", "2022-06-01") == ("USA", ("PTY",))
    assert coding("Donald Trump", "2025-06-01") == ("USA", ("GOV",))
    # International posts carry no country; the national ones before them do.
    assert coding("António Guterres", "2020-01-01") == (None, ("IGO",))
    assert coding("António Guterres", "2000-01-01") == ("PRT", ("GOV",))


@pytest.fixture(scope="module")
def user_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eventwire.kb.output import import_petrarch

    d = tmp_path_factory.mktemp("kb")
    src = d / "valdoria.actors.txt"
    src.write_text(DICTIONARY, encoding="utf-8")
    out = d / "valdoria.yaml"
    import_petrarch([src], out, lenient=True)
    return out


def _entity(result: dict, text: str) -> dict:
    return next(e for e in result["entities"] if any(m["text"] == text for m in e["mentions"]))


def test_same_name_coded_by_article_date_through_the_pipeline(user_kb: Path) -> None:
    from eventwire.ingest import article_from_text
    from eventwire.pipeline import load_knowledge, process

    knowledge = load_knowledge(extra_kb=(user_kb,))
    text = "Quillon Brae criticised the budget on Monday."
    before, during, after = (
        next(process([article_from_text(text, published=day)], knowledge)).to_dict()
        for day in ("2017-03-01", "2019-03-01", "2023-03-01"))
    assert _entity(before, "Quillon Brae")["sectors"] == ["OPP"]
    assert _entity(during, "Quillon Brae")["sectors"] == ["GOV"]
    assert _entity(after, "Quillon Brae")["sectors"] == ["ELI"]
    assert _entity(during, "Quillon Brae")["kb_id"] == "quillon_brae"
    assert knowledge.kb.actor("quillon_brae").code_on("2019-03-01") == "VLDGOV"


def test_extract_takes_the_kb_option(user_kb: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    article = tmp_path / "a.txt"
    article.write_text("Valdoria talks\n\nPresident Brae met officials of Valdoria on Monday.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(article), "--published", "2020-02-02", "--kb", str(user_kb)])
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout.splitlines()[0])
    brae = _entity(result, "President Brae")
    assert brae["kb_id"] == "quillon_brae" and brae["sectors"] == ["GOV"] and brae["country"] == "VLD"


def test_a_kb_table_loads_with_kb_and_wins_over_shipped_names(tmp_path: Path) -> None:
    from eventwire.kb.table import format_rows

    table = tmp_path / "mine.tsv"
    table.write_text(format_rows([{"id": "my_sadr", "name": "Sadr", "kind": "person", "country": "IRQ",
                                   "sectors": ["PTY"], "aliases": [], "roles": []}]), encoding="utf-8")
    kb = load_kb((table,))
    (_, _, actor), = kb.find("Sadr spoke.")
    assert actor.id == "my_sadr"  # a user file's surface beats the shipped one
    assert kb.actor("muqtada_al_sadr") is not None


def test_kb_find_command(user_kb: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    res = CliRunner().invoke(app, ["kb", "find", "Quillon Brae and Haider al-Abadi", "--date", "2019-01-01",
                                   "--kb", str(user_kb)])
    assert res.exit_code == 0, res.output
    assert "quillon_brae" in res.stdout and "VLDGOV" in res.stdout and "haider_al_abadi" in res.stdout
