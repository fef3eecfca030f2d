"""The eventwire command line: each command parses options and calls one core function."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from eventwire import __version__
from eventwire.errors import EventwireError, ItemError
from eventwire.model import ArticleResult

app = typer.Typer(
    name="eventwire",
    help="Political event data from news text: who did or said what to whom, when, where, "
    "and at what human cost.",
    no_args_is_help=True,
    add_completion=False,
)
# Piped output (make demo, CI logs) gets a wide table instead of Rich's 80-column default.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

KbOption = Annotated[list[Path] | None, typer.Option("--kb", help="Extra actor/agent YAML file(s).")]
PublishedOption = Annotated[
    str | None, typer.Option("--published", help="YYYY-MM-DD for items that carry no date of their own.")
]
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file to use.")]


def _report_error(error: ItemError) -> None:
    err.print(f"[red]{error}[/red]", highlight=False)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files or directories.")],
    published: PublishedOption = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (the contract) or table.")] = "jsonl",
    kb: KbOption = None,
) -> None:
    """Code articles and print the result to stdout, one JSON object per article."""
    from eventwire.ingest import read_sources
    from eventwire.pipeline import load_knowledge, process
    from eventwire.render import events_table

    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter("--format must be jsonl or table")
    try:
        items = read_sources(files, published=published)
        knowledge = load_knowledge(tuple(kb or ()))
        failed = ok = 0
        for result in process(items, knowledge):
            if isinstance(result, ItemError):
                _report_error(result)
                failed += 1
                continue
            ok += 1
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            else:
                title = result.article.title or result.article.id
                out.print(events_table(result.to_dict()["events"], title=title))
    except EventwireError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if ok == 0 and failed:
        raise typer.Exit(1)


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Article files or directories.")],
    db: DbOption = Path("eventwire.duckdb"),
    published: PublishedOption = None,
    kb: KbOption = None,
    batch: Annotated[int, typer.Option(help="Articles per committed batch.")] = 20,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")] = None,
    engine: Annotated[str, typer.Option(help="local (processes into --db) or dask (Parquet into --out).")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (default: a LocalCluster).")] = None,
    out: Annotated[Path, typer.Option(help="Parquet dataset directory of --engine dask.")] = Path("eventwire-parquet"),
) -> None:
    """Code many articles into the store; per-item errors are reported and counted."""
    from eventwire.batch import default_workers, run_into_store

    if engine not in ("local", "dask"):
        raise typer.BadParameter("--engine must be local or dask")
    if engine == "dask":
        _run_on_dask(paths, out, published, tuple(kb or ()), scheduler, workers, batch)
        return
    with Progress(
        TextColumn("[bold]coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
        TextColumn("{task.fields[rate]}"), console=err, transient=False,
    ) as progress:
        task = progress.add_task("run", total=None, rate="")

        def tick(done: int, total: int | None, rate: float) -> None:
            progress.update(task, completed=done, total=total, rate=f"{rate:.1f} articles/s")

        try:
            summary = run_into_store(paths, db, published=published, kb=tuple(kb or ()), batch_size=batch,
                                     on_progress=tick, on_error=_report_error,
                                     workers=workers or default_workers())
        except EventwireError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
    err.print(
        f"{summary.processed} coded, {summary.added} added, {summary.skipped} already stored, "
        f"{summary.failed} failed; {summary.seconds:.1f} s ({summary.rate:.2f} articles/s) -> {db}"
    )
    if summary.processed == 0 and summary.skipped == 0 and summary.failed:
        raise typer.Exit(1)


def _run_on_dask(paths: list[Path], out: Path, published: str | None, kb: tuple[Path, ...],
                 scheduler: str | None, workers: int | None, batch: int) -> None:
    from eventwire.engines.cluster import run_on_dask

    with Progress(
        TextColumn("[bold]partitions"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TimeRemainingColumn(), TextColumn("{task.fields[rate]}"), console=err, transient=False,
    ) as progress:
        task = progress.add_task("dask", total=None, rate="")

        def tick(done: int, total: int, rate: float) -> None:
            progress.update(task, completed=done, total=total, rate=f"{rate:.1f} articles/s")

        try:
            summary = run_on_dask(paths, out, published=published, kb=kb, scheduler=scheduler, workers=workers,
                                  batch_size=batch, on_progress=tick)
        except EventwireError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
    for line in summary.errors:
        err.print(f"[red]{line}[/red]", highlight=False)
    for line in summary.task_failures:
        err.print(f"[red]partition failed: {line}[/red]", highlight=False)
    err.print(
        f"{summary.partitions} partitions ({summary.already_done} done before), {summary.articles} articles written, "
        f"{summary.failed} failed; {summary.seconds:.1f} s ({summary.rate:.2f} articles/s)", highlight=False)
    err.print(f"-> {summary.out}; into DuckDB with: eventwire load {summary.out} --db FILE", highlight=False)
    if summary.task_failures:
        raise typer.Exit(1)


@app.command()
def load(
    dataset: Annotated[Path, typer.Argument(help="Parquet dataset directory written by `run --engine dask`.")],
    db: DbOption = Path("eventwire.duckdb"),
) -> None:
    """Bring a Parquet dataset of a cluster run into the store (idempotent by article id)."""
    from eventwire.engines.dataset import load_dataset

    if not dataset.is_dir():
        err.print(f"[red]no dataset at {dataset}[/red]")
        raise typer.Exit(2)
    try:
        summary = load_dataset(dataset, db)
    except EventwireError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    err.print(f"{summary.chunks} chunks: {summary.added} articles added, {summary.skipped} already stored -> {db}")


@app.command()
def events(
    db: DbOption = Path("eventwire.duckdb"),
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")] = None,
    actor: Annotated[str | None, typer.Option(help="Text in the actor's name.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-3 of actor or recipient.")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]: events on or after.")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]: events on or before.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """List stored events, filtered."""
    from eventwire.render import events_csv, events_table

    rows = _read_store(db, fmt, lambda store: store.events(type=type, actor=actor, country=country,
                                                           since=since, until=until, limit=limit))
    _emit(rows, fmt, events_csv, lambda r: events_table(r, title=f"{len(r)} events in {db}"))


@app.command()
def quotes(
    db: DbOption = Path("eventwire.duckdb"),
    speaker: Annotated[str | None, typer.Option(help="Text in the speaker's words or entity name.")] = None,
    contains: Annotated[str | None, typer.Option(help="Text in the quote.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many quotes.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """List stored quotes (who said what), filtered."""
    from eventwire.render_quotes import quotes_csv, quotes_table

    rows = _read_store(db, fmt, lambda store: store.quotes(speaker=speaker, contains=contains, limit=limit))
    _emit(rows, fmt, quotes_csv, lambda r: quotes_table(r, title=f"{len(r)} quotes in {db}"))


ENTITY_COLUMNS = ("name", "kind", "country", "sectors", "kb_id", "articles", "mentions")
RELATION_COLUMNS = ("subject_name", "predicate", "object_name", "article_id", "text")


def _read_store(db: Path, fmt: str, query: Callable[[Any], list[dict]]) -> list[dict]:
    """Rows from one read-only query on the store at `db`, with the shells' common checks."""
    from eventwire.store import Store

    if fmt not in ("table", "jsonl", "csv"):
        raise typer.BadParameter("--format must be table, jsonl or csv")
    if not db.exists():
        err.print(f"[red]no database at {db}: run `eventwire run PATH --db {db}` first[/red]")
        raise typer.Exit(2)
    try:
        with Store(db, read_only=True) as store:
            return list(query(store))
    except EventwireError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


Rows = list[dict]


def _emit(rows: Rows, fmt: str, as_csv: Callable[[Rows], str], as_table: Callable[[Rows], Any]) -> None:
    """Print rows as JSON lines, CSV or a Rich table."""
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        sys.stdout.write(as_csv(rows))
    else:
        out.print(as_table(rows))


def _browse(db: Path, fmt: str, query: str, **filters: object) -> list[dict]:
    """One listing from store.records (the explorer's queries) against the file `db`."""
    from eventwire.store import records as store_records
    from eventwire.store.browse import Browse

    return _read_store(db, fmt, lambda store: getattr(store_records, query)(Browse(store), **filters).items)


def _emit_records(rows: list[dict], fmt: str, columns: tuple[str, ...], title: str) -> None:
    from eventwire.render import records_csv, records_table

    _emit(rows, fmt, lambda r: records_csv(r, columns), lambda r: records_table(r, columns, title=title))


@app.command()
def entities(
    db: DbOption = Path("eventwire.duckdb"),
    name: Annotated[str | None, typer.Option(help="Text in the entity's name.")] = None,
    kind: Annotated[str | None, typer.Option(help="person, organization, country, armed_group, location...")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-3.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many entities.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """List actors across stored articles: one row per identity (KB name or entity name)."""
    rows = _browse(db, fmt, "entities", name=name, kind=kind, country=country, limit=limit)
    _emit_records(rows, fmt, ENTITY_COLUMNS, f"{len(rows)} entities in {db}")


@app.command()
def relations(
    db: DbOption = Path("eventwire.duckdb"),
    predicate: Annotated[str | None, typer.Option(help="part_of, backed_by, created_by, allied_with, ...")] = None,
    entity: Annotated[str | None, typer.Option(help="Text in either side's name.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many relations.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """List relations between actors stated in stored articles, with their evidence."""
    rows = _browse(db, fmt, "relations", predicate=predicate, entity=entity, limit=limit)
    _emit_records(rows, fmt, RELATION_COLUMNS, f"{len(rows)} relations in {db}")


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file (the format of EVAL.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with the pinned keys.")] = False,
    sample: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Score the pipeline against a gold file and print the figures."""
    from eventwire import evaluate as ev
    from eventwire.pipeline import predict_record

    try:
        report = ev.evaluate(ev.load_gold(gold), predict_record, sample=sample, workers=workers)
    except EventwireError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(report.to_json()) + "\n")
    else:
        sys.stdout.write(ev.format_table(report) + "\n")


@app.command()
def serve(
    db: DbOption = Path("eventwire.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on; not loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar="EVENTWIRE_TOKEN", show_envvar=True,
                                              help="Every request must carry it (Bearer or ?token=).")] = None,
) -> None:
    """Serve the HTTP API and the web explorer over a store (read-only)."""
    from eventwire.web.serve import TokenRequired
    from eventwire.web.serve import serve as run_server

    try:
        run_server(db, host=host, port=port, token=token)
    except (TokenRequired, EventwireError) as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from exc


@app.command(name="export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="parquet, csv, jsonl, gdelt, polecat or plover.")],
    db: DbOption = Path("eventwire.duckdb"),
    out: Annotated[Path | None, typer.Option(help="File (a directory for parquet/csv); default stdout "
                                                  "(export/ for parquet/csv).")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Text in either side's name.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-3 of either side.")] = None,
    place: Annotated[str | None, typer.Option(help="Text in the location, or its ISO alpha-3.")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]: events on or after.")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY[-MM[-DD]]: events on or before.")] = None,
    status: Annotated[str | None, typer.Option(help="asserted, negated or hypothetical.")] = None,
    header: Annotated[bool, typer.Option(help="gdelt: write the column names first.")] = False,
) -> None:
    """Export stored events (and their articles' tables) in an interchange format."""
    from eventwire.export import export as run_export
    from eventwire.store.filters import EventFilter

    if not db.exists():
        err.print(f"[red]no database at {db}: run `eventwire run PATH --db {db}` first[/red]")
        raise typer.Exit(2)
    filters = EventFilter(type=type, actor=actor, country=country, place=place, since=since, until=until,
                          status=status)
    try:
        written = run_export(db, fmt, out, filters, header=header)
    except (ValueError, EventwireError) as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    where = out or ("export/" if fmt in ("parquet", "csv") else "stdout")
    err.print(", ".join(f"{n} {name}" for name, n in written.items()) + f" -> {where}")


kb_app = typer.Typer(help="Actor knowledge: import PETRARCH dictionaries, see what the KB finds.",
                      no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@kb_app.command("import-petrarch")
def kb_import_petrarch(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False,
                                                help="PETRARCH actor and/or agent dictionaries.")],
    out: Annotated[Path | None, typer.Option(help="OUT.yaml, or OUT.tsv (a KB table; agents go to "
                                                  "OUT.agents.yaml); default stdout (YAML).")] = None,
    any_country: Annotated[bool, typer.Option(help="Keep first code blocks that are no ISO country "
                                                   "as the country (test dictionaries: ARN, GON).")] = False,
) -> None:
    """Convert PETRARCH-format actor/agent dictionaries into eventwire knowledge (use it with --kb)."""
    from eventwire.kb.output import import_petrarch

    text, report = import_petrarch(list(files), out, lenient=any_country)
    if text is not None:
        sys.stdout.write(text)
    err.print(f"{report.actors} actors, {report.agents} agent words; {len(report.skipped)} entries skipped"
              + (f" -> {out}" if out else ""), highlight=False)
    for line in report.skipped[:10]:
        err.print(f"  skipped {line}", highlight=False)


@kb_app.command("import-petrarch-verbs")
def kb_import_petrarch_verbs(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False,
                                                help="PETRARCH/TABARI verb dictionaries (--- VERB [code] ---).")],
    out: Annotated[Path | None, typer.Option(help="LEXICON.yaml (the shape of knowledge/events.yaml); "
                                                  "default stdout.")] = None,
    default_type: Annotated[str | None, typer.Option(help="PLOVER type for codes CAMEO does not type "
                                                          "(test codes such as 901); default: skip them.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="One PLOVER type for every entry, for "
                                                             "dictionaries whose codes are not CAMEO (WEIS).")] = None,
) -> None:
    """Convert PETRARCH verb dictionaries into an event lexicon (Python: load_knowledge(extra_lexicon=...))."""
    from eventwire.kb.output import import_petrarch_verbs

    try:
        text, report = import_petrarch_verbs(list(files), out, default_type=default_type, fixed_type=type_)
    except ValueError as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    if text is not None:
        sys.stdout.write(text)
    err.print(f"{report.blocks} verb blocks, {report.patterns} patterns -> {report.entries} lexicon entries; "
              f"{report.approximated} patterns approximated, {len(report.skipped)} skipped"
              + (f" -> {out}" if out else ""), highlight=False)
    for line in report.skipped[:10]:
        err.print(f"  skipped {line}", highlight=False)


@kb_app.command("find")
def kb_find(
    text: Annotated[str, typer.Argument(help="Text to look for KB actors in.")],
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD: code roles as of this date.")] = None,
    kb: KbOption = None,
) -> None:
    """Print the KB actors found in TEXT, with their coding on DATE."""
    from eventwire.resolve.actors import load_kb

    knowledge = load_kb(tuple(kb or ()))
    for start, end, actor in knowledge.find(text):
        country, sectors = actor.coding_on(date)
        out.print(f"{start}-{end}\t{text[start:end]}\t{actor.id}\t{country or '-'}\t{','.join(sectors) or '-'}"
                  f"\t{actor.code_on(date) or '-'}", highlight=False)


@app.command()
def version() -> None:
    """Print the eventwire version."""
    out.print(f"eventwire {__version__}")


def result_json(result: ArticleResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False)


if __name__ == "__main__":
    app()
