"""The PETRARCH dictionary importer, on small dictionaries written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from eventwire.kb.codes import decode
from eventwire.kb.names import display_name
from eventwire.kb.petrarch import ImportReport, import_files, parse_date, read_actor_records, read_agents, restriction
from eventwire.kb.table import format_rows, read_rows
from eventwire.resolve.actors import KbSource, build_kb_from

ACTORS = """\
<!-- A TEST ACTOR DICTIONARY -->
<!-- a comment
     over two lines -->
# a Python-style comment
VALDORIA [VLD]  # country with a synonym
+VALDORIAN
+THE_VALDORIAN_REPUBLIC_

KESTREL_MARN  ; legacy comment
+PRESIDENT_MARN
	[VLDELI 880101-20100314]
	[VLDGOV >20100315]
	[VLDELI]

OSRIC_TALLOW
	[VLDMIL <051231]
	[VLDGOV 20060101 - 20120630]

NORTHERN_FRONT_ [VLDREB] #  rebels
+NORTH_FRONT

ALLIANCE_OF_SEAS [IGOALS]
PHANTOM [---]
BROKEN_DATE
	[VLDGOV 2004017-20061201]
	[VLD]
"""

AGENTS = """\
!PERSON! = MAN, WOMAN
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD] # irregular plural
FOREIGN_MINISTER [~GOVFRM]
RELIEF_AGENCY [NGO~]
CONGRESS!PERSON! [~LEG]
MILITIAMAN [~UAF]
"""


def test_dates_follow_petrarch_century_rule() -> None:
    assert parse_date("140908").isoformat() == "2014-09-08"
    assert parse_date("300101").isoformat() == "2030-01-01"
    assert parse_date("310101").isoformat() == "1931-01-01"
    assert parse_date("19270101").isoformat() == "1927-01-01"
    with pytest.raises(ValueError):
        parse_date("2004017")


def test_restrictions_become_half_open_iso_ranges() -> None:
    # PETRARCH includes both limits; eventwire's `until` is exclusive, so it moves a day later.
    assert restriction("IRQGOV >20140908") == ("IRQGOV", "2014-09-08", None)
    assert restriction("HOB < 950601") == ("HOB", None, "1995-06-02")
    assert restriction("HOBGOV 20121109-20130119") == ("HOBGOV", "2012-11-09", "2013-01-20")
    assert restriction("HOBGOV 20060101 - 20120630") == ("HOBGOV", "2006-01-01", "2012-07-01")
    assert restriction("ELI") == ("ELI", None, None)


def test_actor_records_read_every_syntax_feature() -> None:
    report = ImportReport()
    records = {r.phrases[0]: r for r in read_actor_records(ACTORS, report)}
    assert records["VALDORIA"].phrases == ["VALDORIA", "VALDORIAN", "THE VALDORIAN REPUBLIC"]
    assert records["VALDORIA"].default == "VLD"
    marn = records["KESTREL MARN"]
    assert marn.phrases == ["KESTREL MARN", "PRESIDENT MARN"]
    assert marn.default == "VLDELI"
    assert marn.dated == [("VLDELI", "1988-01-01", "2010-03-15"), ("VLDGOV", "2010-03-15", None)]
    assert records["NORTHERN FRONT"].phrases == ["NORTHERN FRONT", "NORTH FRONT"]
    assert "a comment" not in " ".join(records)
    assert any("2004017" in s for s in report.skipped)  # a bad date is reported, the record kept


def test_import_shapes_actors_like_actors_yaml(tmp_path: Path) -> None:
    path = tmp_path / "test.actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    report = ImportReport()
    actors = {a["name"]: a for a in import_files([path], report=report)["actors"]}
    valdoria = actors["Valdoria"]
    # VLD is no ISO country: without --any-country it names none, so the kind stays open.
    assert valdoria["country"] is None and valdoria["kind"] == "other" and valdoria["code"] == "VLD"
    assert valdoria["aliases"] == ["Valdorian", "The Valdorian Republic"]
    marn = actors["Kestrel Marn"]
    assert marn["kind"] == "person" and marn["code"] == "VLDELI" and marn["aliases"] == ["President Marn"]
    # Dated codes in file order, then the default as an open role.
    assert [(r["code"], r["since"], r["until"]) for r in marn["roles"]] == [
        ("VLDELI", "1988-01-01", "2010-03-15"), ("VLDGOV", "2010-03-15", None), ("VLDELI", None, None)]
    front = actors["Northern Front"]
    assert front["kind"] == "armed_group" and front["sectors"] == ["REB"]
    alliance = actors["Alliance of Seas"]
    assert alliance["kind"] == "organization" and alliance["country"] is None and alliance["sectors"] == ["IGO"]
    assert "Phantom" not in actors  # only a null code: nothing to code
    assert any("PHANTOM" in s for s in report.skipped)


def test_unknown_country_blocks_are_kept_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("VALDORIA [VLD]\n", encoding="utf-8")
    assert import_files([path])["actors"][0]["country"] is None
    assert import_files([path], lenient=True)["actors"][0]["country"] == "VLD"
    assert decode("IRQGOV").country == "IRQ" and decode("IRQGOV").sectors == ("GOV",)
    assert decode("IGOUNOKID").country is None and decode("IGOUNOKID").sectors == ("IGO",)
    assert decode("KSV").country == "XKX"


def test_agents_plurals_substitutions_and_prefix_codes() -> None:
    agents = read_agents(AGENTS)
    assert agents["police"]["sector"] == "COP" and "polices" not in agents  # {} means no plural
    assert agents["attorneys general"]["sector"] == "JUD"
    assert agents["foreign ministers"] == {"sector": "GOV", "code": "~GOVFRM", "kind": "person"}
    assert agents["relief agency"]["sector"] == "NGO" and agents["relief agencies"]["kind"] == "organization"
    assert agents["congressman"]["sector"] == "LEG" and agents["congresswoman"]["sector"] == "LEG"
    assert agents["militiaman"]["kind"] == "armed_group"


def test_cli_writes_yaml_that_loads_as_a_kb(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    actors, agents = tmp_path / "a.actors.txt", tmp_path / "a.agents.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents.write_text(AGENTS, encoding="utf-8")
    out = tmp_path / "kb.yaml"
    res = CliRunner().invoke(app, ["kb", "import-petrarch", str(actors), str(agents), "--out", str(out),
                                   "--any-country"])
    assert res.exit_code == 0, res.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {"actors", "agents"} <= set(data)
    kb = build_kb_from([KbSource(out.read_text(encoding="utf-8"), "yaml", 2)])
    (_, _, marn), = kb.find("Kestrel Marn spoke.")
    assert marn.code_on("2011-01-01") == "VLDGOV" and marn.coding_on("2011-01-01") == ("VLD", ("GOV",))
    assert marn.code_on("2000-01-01") == "VLDELI"
    assert kb.agent("attorneys general") is not None and kb.agent("attorneys general").code == "~JUD"


def test_table_round_trip_keeps_roles_and_codes() -> None:
    actor = {"id": "kestrel_marn", "name": "Kestrel Marn", "kind": "person", "country": "VLD", "sectors": ["ELI"],
             "code": "VLDELI", "aliases": ["President Marn"],
             "roles": [{"since": "2010-03-15", "until": None, "country": "VLD", "sectors": ["GOV"],
                        "code": "VLDGOV"}]}
    text = format_rows([actor], header="a header\nover two lines")
    assert text.startswith("# a header\n# over two lines\nid\t")
    assert list(read_rows(text)) == [actor]


def test_display_names() -> None:
    assert display_name("HAIDAR AL-ABADI") == "Haidar al-Abadi"
    assert display_name("UNHCR") == "UNHCR"
    assert display_name("HAMAS") == "Hamas"
    assert display_name("U.N. SECURITY COUNCIL") == "U.N. Security Council"
