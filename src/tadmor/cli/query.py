"""Read commands over a store: events, timeline, claims, export, report, rejected."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tadmor.cli._common import (
    EventFormat,
    ExportFormat,
    StoreOpt,
    _date,
    _fail,
    _opened,
    app,
    err,
    out,
)
from tadmor.cli._safe import safe
from tadmor.errors import TadmorError
from tadmor.settings import Settings


def _event_type(value: str | None) -> str | None:
    """The ACLED event type ``value`` names (any case); an unknown one lists the valid ones."""
    from tadmor.store.corrections import EVENT_TYPES

    if value is None:
        return None
    for t in EVENT_TYPES:
        if t.lower() == value.strip().lower():
            return t
    raise typer.BadParameter(
        f"{value!r} is not an ACLED event type; use one of: {', '.join(EVENT_TYPES)}",
        param_hint="--type",
    )


@app.command()
def events(
    store: StoreOpt = "tadmor.duckdb",
    place: Annotated[
        str | None,
        typer.Option(help="Place: any of its names (Palmyra finds Tadmur) or a GeoNames id."),
    ] = None,
    country: Annotated[str | None, typer.Option(help="Country name, ISO2 or ISO3.")] = None,
    admin1: Annotated[str | None, typer.Option(help="Province / first-level region.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor (either side or associated).")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED event type.")] = None,
    sub_type: Annotated[str | None, typer.Option(help="ACLED sub-event type.")] = None,
    text: Annotated[str | None, typer.Option(help="Text in the notes or evidence.")] = None,
    fmt: Annotated[EventFormat, typer.Option("--format", "-f")] = EventFormat.table,
    explain: Annotated[
        str | None,
        typer.Option(help="An event id: its mentions, why each merged, each field's evidence."),
    ] = None,
) -> None:
    """List coded events (one per happening, all sources merged, analysts' corrections applied)."""
    from tadmor.store import EventQuery, to_json
    from tadmor.store.query import place_ids

    if explain is not None:
        _explain(store, explain.strip())
        return
    query = EventQuery(
        place=place,
        geonameids=place_ids(place, Settings.create()) if place else (),
        country=country,
        admin1=admin1,
        actor=actor,
        since=_date(since),
        until=_date(until),
        event_type=_event_type(event_type),
        sub_event_type=sub_type,
        text=text,
    )
    with _opened(store, must_exist=True) as st:
        stored = list(st.query_events(query).items)
        publishers = st.publishers() if fmt is EventFormat.csv else None
    evs = [s.event for s in stored]
    if fmt is EventFormat.json:
        sys.stdout.write(json.dumps([to_json(e) for e in evs], indent=2, ensure_ascii=False) + "\n")
        return
    if fmt is EventFormat.csv:
        import tempfile

        from tadmor.store import export_events

        with tempfile.TemporaryDirectory() as tmp:
            path = export_events(
                stored, path=Path(tmp) / "events.csv", fmt="csv", publishers=publishers
            )
            with open(path, encoding="utf-8", newline="") as f:  # keep CRs inside cells
                sys.stdout.write(f.read())
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


def _explain(store: str, event_id: str) -> None:
    from tadmor.resolve.explain import explain_event

    with _opened(store, must_exist=True) as st:
        stored = st.event(event_id)
        event = stored.event if stored is not None else None
        if event is None:
            raise _fail(TadmorError("E312", f"no event {event_id!r} in store {store}"))
        mentions = st.event_mentions(ids=event.mentions)
        docs = {d: doc for d in event.sources if (doc := st.document(d)) is not None}
    for line in explain_event(event, mentions, docs):
        out.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def timeline(
    place: Annotated[str, typer.Argument(help="Place name or GeoNames id.")],
    store: StoreOpt = "tadmor.duckdb",
) -> None:
    """Who controlled PLACE, from when to when, on what evidence."""
    with _opened(store, must_exist=True) as st:
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
    with _opened(store, must_exist=True) as st:
        cs = st.claims()
    for c in cs:
        who = f" claimant: {c.claimant}" if c.claimant else ""
        out.print(
            safe(f"[{c.modality.value}]{who}  “{c.mention.sentence.quote.strip()[:160]}”"),
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
    """Export events: ACLED's current (acled) or older (acled-legacy) CSV layout, or
    Tadmor's own layout as CSV, JSON, GeoJSON or Parquet. Provenance goes beside the file
    (FILE.provenance.json); analysts' corrections are flagged."""
    from tadmor.store import EventQuery, export_events
    from tadmor.store.export import provenance_of

    with _opened(store, must_exist=True) as st:
        stored = st.query_events(EventQuery()).items
        path = export_events(
            stored,
            path=output,
            fmt=fmt.value,
            provenance=provenance_of(st),
            publishers=st.publishers(),
        )
    out.print(f"wrote {path}")


@app.command()
def report(
    output: Annotated[Path, typer.Option("--out", "-o")] = Path("tadmor-report.html"),
    store: StoreOpt = "tadmor.duckdb",
    title: Annotated[str, typer.Option()] = "Tadmor briefing",
) -> None:
    """Write the offline HTML briefing (map, timeline, control chart, events, cited summary)."""
    from tadmor.report import ReportInput, write_report

    with _opened(store, must_exist=True) as st:
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
    with _opened(store, must_exist=True) as st:
        rs = st.rejected()
    for r in rs:
        out.print(safe(f"{r.origin}: [{r.code}] {r.reason}"), highlight=False, markup=False)
    out.print(f"{len(rs)} skipped inputs")
