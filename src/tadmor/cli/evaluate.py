"""`tadmor eval ...`: score Tadmor against gold data."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tadmor.cli._common import ActorsOpt, SourceFocusOpt, StoreOpt, _fail, _settings, eval_app
from tadmor.errors import TadmorError
from tadmor.settings import Settings


@eval_app.command("timeline")
def eval_timeline(
    expected: Annotated[Path, typer.Argument(help="GOLD.json of control changes, or its folder")],
    store: StoreOpt = "",
    actors: ActorsOpt = None,
    corpus: Annotated[
        Path | None,
        typer.Option(help="Folder of reports with a metadata.jsonl (default: the gold's folder)."),
    ] = None,
) -> None:
    """Run on a corpus and score its changes of control against a gold file.

    The gold file is shaped like the seeds' expected_control.json ("from"/"to" may list
    several acceptable names). Prints JSON with precision, recall and F1; with --store,
    scores an existing store instead.
    """
    eval_seeds(expected, store=store, actors=actors, corpus=corpus)


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
    ucdp_ged = "ucdp-ged"


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
    split: Annotated[
        str, typer.Option(help="ucdp-ged: which half of the places (dev, test or all).")
    ] = "all",
) -> None:
    """Score toponym recognition and resolution end to end from raw text.

    With --format ucdp-ged (a UCDP GED CSV export), each distinct place becomes three short
    reports (terrorism-database, ACLED-note and wire shapes) and the JSON gives the share of
    reports located within 25 km, and how many were placed abroad (tadmor.eval.geo_conflict).

    Prints JSON: docs, gold_toponyms, detection {precision, recall, f1}, exact_geonameid (over
    all gold toponyms), acc_161km, auc, median_km (Gritta et al.'s: over the toponyms found),
    and acc_161km_all, auc_all (over all gold toponyms, a miss at the maximum error).
    Articles are resolved as `tadmor run` resolves documents, with each source's focus learned
    from its other articles (LGL's <domain>) unless --no-source-focus.
    """
    from tadmor.eval.geo import evaluate_gritta_xml

    if fmt is GeoFormat.ucdp_ged:
        import dataclasses

        from tadmor.eval.geo_conflict import evaluate_ucdp_places

        try:
            conflict = evaluate_ucdp_places(
                path,
                settings=Settings.create(source_focus=source_focus),
                split=split,
                limit=limit,
            )
        except TadmorError as exc:
            raise _fail(exc) from exc
        record = dataclasses.asdict(conflict)
        misses = record.pop("misses")
        if errors is not None:
            errors.write_text("\n".join(misses) + "\n", encoding="utf-8")
        sys.stdout.write(json.dumps(record, indent=2) + "\n")
        return
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
    negatives = "negatives"


@eval_app.command("events")
def eval_events(
    path: Annotated[
        Path,
        typer.Argument(
            help="Gold file: ACLED CSV, PLOVER GSR, UCDP GED CSV, or texts with no event "
            "(--format negatives: one per line, or JSONL / CSV with a text column)."
        ),
    ],
    fmt: Annotated[EventsFormat, typer.Option("--format", "-f")] = EventsFormat.acled,
    limit: Annotated[int | None, typer.Option(help="Score only the first N rows.")] = None,
    since_year: Annotated[int, typer.Option(help="UCDP: first year scored.")] = 2014,
    until_year: Annotated[int | None, typer.Option(help="UCDP: last year scored.")] = None,
) -> None:
    """Code each gold row's text and score event, type, actors, place, date and fatalities.

    Prints JSON: rows, event {precision, recall, f1}, fields {...}; the module docstring of
    tadmor.eval.events defines each measure. With --format negatives: texts, texts_coded,
    share_coded, events, events_per_100 (false events per 100 texts) and what was coded.
    """
    from tadmor.eval.events import evaluate_acled, evaluate_plover, evaluate_ucdp
    from tadmor.eval.events_negatives import evaluate_negatives
    from tadmor.pipeline import Analyzer

    if not path.exists():
        raise _fail(TadmorError("E402", f"{path} does not exist"))
    try:
        analyzer = Analyzer.create(Settings.create())
        if fmt is EventsFormat.negatives:
            negatives = evaluate_negatives(path, analyzer=analyzer, limit=limit)
            sys.stdout.write(json.dumps(negatives.to_json(), indent=2) + "\n")
            return
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
