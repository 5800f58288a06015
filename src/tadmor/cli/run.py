"""`tadmor run` and `tadmor watch`: read, analyse, store, resolve."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from tadmor.cli._common import (
    ActorsOpt,
    LimitOpt,
    SourceFocusOpt,
    StoreOpt,
    _fail,
    _opened,
    _settings,
    app,
    err,
    out,
)
from tadmor.cli._safe import safe
from tadmor.errors import TadmorError

if TYPE_CHECKING:
    from tadmor.model import Rejected, RunReport
    from tadmor.settings import Settings

WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers", "-w", help="Analysis processes (default: every core this process may use)."
    ),
]
ClusterOpt = Annotated[
    str | None,
    typer.Option(
        help="Analyse on a Dask cluster: its scheduler's address (tcp://host:8786). "
        "Needs the cluster extra: pip install 'tadmor[cluster]'."
    ),
]
AllTextOpt = Annotated[
    bool,
    typer.Option(
        "--all-text",
        help="Parse every sentence, not only those the relevance filter keeps (slower).",
    ),
]


ChunkOpt = Annotated[
    int,
    typer.Option(help="Documents per work unit: analysed together and stored in one transaction."),
]


def _run_settings(
    store: str,
    actors: list[Path] | None,
    source_focus: bool,
    all_text: bool,
    chunk_size: int,
    limits: list[str] | None = None,
) -> Settings:
    try:
        settings = _settings(store, actors, source_focus=source_focus, limits=limits)
        settings = dataclasses.replace(
            settings, relevance_first=not all_text, chunk_size=chunk_size
        )
        settings.validate()
    except TadmorError as exc:
        raise _fail(exc) from exc
    return settings


def _on_rejected(r: Rejected) -> None:
    err.print(safe(f"skipped {r.origin}: [{r.code}] {r.reason}"), markup=False, highlight=False)


def _summary(report: RunReport, store: str) -> None:
    parsed = (
        f"  parsed: {report.parsed_documents} documents, "
        f"{report.parsed_chars / report.text_chars:.0%} of their text"
        if report.text_chars
        else ""
    )
    out.print(
        f"documents analysed: {report.documents}  skipped: {len(report.rejected)}  "
        f"event mentions: {report.event_mentions}{parsed}\n"
        f"store {store}: events {report.events}  claims {report.claims}  "
        f"control periods {report.control_periods}"
    )


@app.command()
def run(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders: .txt .html .jsonl .csv; - reads JSONL from stdin"),
    ],
    store: StoreOpt = "tadmor.duckdb",
    actors: ActorsOpt = None,
    reprocess: Annotated[bool, typer.Option(help="Re-analyse documents already stored.")] = False,
    source_focus: SourceFocusOpt = True,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
    dataset: Annotated[
        bool,
        typer.Option(
            help="With --cluster: the paths are .jsonl/.parquet files (or folders of them) "
            "that the workers read themselves."
        ),
    ] = False,
    all_text: AllTextOpt = False,
    chunk_size: ChunkOpt = 256,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    limit: LimitOpt = None,
) -> None:
    """Read reports, code events, merge them across sources and rebuild the control timeline."""
    from tadmor.pipeline import RunOptions
    from tadmor.pipeline import run as run_pipeline
    from tadmor.scale import default_workers

    settings = _run_settings(store, actors, source_focus, all_text, chunk_size, limit)
    if dataset and cluster is None:
        raise _fail(TadmorError("E122", "--dataset needs --cluster (the workers read the data)"))
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )

    def advance(n: int) -> None:
        if err.is_terminal:
            bar.advance(task, n)
        elif not quiet:  # a log, not a bar: one line per stored chunk
            err.print(f"stored a chunk of {n} documents", markup=False, highlight=False)

    with _opened(settings.store) as st, progress as bar:
        task = bar.add_task("analysing documents", total=None)
        report = run_pipeline(
            paths,
            settings=settings,
            store=st,
            options=RunOptions(
                reprocess=reprocess,
                progress=advance,
                on_rejected=_on_rejected,
                workers=workers if workers is not None else default_workers(),
                cluster=cluster,
                dataset=dataset,
            ),
        )
    _summary(report, settings.store)
    if report.rejected:
        raise typer.Exit(code=2)


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="Folder to watch for new report files.")],
    store: StoreOpt = "tadmor.duckdb",
    actors: ActorsOpt = None,
    source_focus: SourceFocusOpt = True,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
    interval: Annotated[float, typer.Option(help="Seconds between two looks.")] = 2.0,
    once: Annotated[bool, typer.Option(help="Analyse what is there now, then stop.")] = False,
    max_polls: Annotated[
        int | None, typer.Option(help="Stop after this many looks (default: never).")
    ] = None,
    all_text: AllTextOpt = False,
    chunk_size: ChunkOpt = 256,
) -> None:
    """Analyse report files as they arrive in FOLDER (a file is taken once it stops
    growing); documents already stored are skipped. Stop with Ctrl-C, --once or --max-polls."""
    from tadmor.pipeline import RunOptions
    from tadmor.pipeline import run as run_pipeline
    from tadmor.scale import default_workers, engine_for
    from tadmor.scale.watch import watch_folder

    settings = _run_settings(store, actors, source_focus, all_text, chunk_size)
    n_workers = workers if workers is not None else default_workers()
    options = RunOptions(on_rejected=_on_rejected, workers=n_workers, cluster=cluster)
    try:
        with (
            _opened(settings.store) as st,
            engine_for(settings, workers=n_workers, cluster=cluster) as engine,
        ):

            def process(files: list[Path]) -> None:
                report = run_pipeline(
                    files, settings=settings, store=st, options=options, engine=engine
                )
                err.print(f"{len(files)} new file(s):", markup=False, highlight=False)
                _summary(report, settings.store)

            n = watch_folder(
                folder, process=process, interval=interval, once=once, max_polls=max_polls
            )
    except TadmorError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt:
        err.print("stopped")
        return
    err.print(f"watched {folder}: {n} file(s) analysed", markup=False, highlight=False)
