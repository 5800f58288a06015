"""Tests of the DuckDB store, the record codec and the event exports."""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tadmor.errors import StoreError
from tadmor.model import (
    Claim,
    ControlPeriod,
    DateSource,
    Document,
    Event,
    EventMention,
    Evidence,
    Fatalities,
    FieldEvidence,
    Modality,
    Place,
    Rejected,
    TimePrecision,
)
from tadmor.store import (
    MIGRATIONS,
    CodecError,
    DuckDBStore,
    Store,
    export_events,
    from_json,
    open_store,
    to_json,
)
from tadmor.store.export import COLUMN_NAMES
from tadmor.store.sql import SqlStore

SRC = str(Path(__file__).resolve().parents[1] / "src")
TABLES = ("documents", "rejected", "event_mentions", "events", "claims", "control_periods")

# --- invented fixtures ------------------------------------------------------------

TEXT_A = (
    "Fighters of the Northern Front seized the hill town of Kerrow on Tuesday, residents "
    "said. Two civilians died when shells hit the market."
)
TEXT_B = "The Lantern Brigade said on Friday it had shelled a depot near Vossa; nobody was hurt."


def make_doc(text: str, **kw: Any) -> Document:
    return Document(doc_id=Document.make_id(text), text=text, origin="inbox/x.txt", **kw)


DOC_A = make_doc(
    TEXT_A,
    title="Town changes hands",
    url="https://example.org/a",
    source="The Daily Lantern",
    published=date(2021, 3, 4),
    date_source=DateSource.METADATA,
    flags=("near_duplicate_of:doc_x",),
)
DOC_B = make_doc(TEXT_B, source="Valley Post")

KERROW = Place(
    geonameid=9000001,
    name="Kerrow",
    country_code="SY",
    country="Syria",
    admin1="Homs",
    latitude=34.55,
    longitude=38.27,
    feature_code="PPL",
    population=5000,
)
VOSSA = dataclasses.replace(KERROW, geonameid=9000002, name="Vossa", latitude=35.1, longitude=36.7)


def span(doc: Document, needle: str) -> Evidence:
    start = doc.text.index(needle)
    return Evidence.of(doc, start, start + len(needle))


MENTION_A = EventMention(
    mention_id="em_a",
    doc_id=DOC_A.doc_id,
    trigger=span(DOC_A, "seized"),
    sentence=span(DOC_A, TEXT_A.split(". ")[0]),
    event_type="Strategic developments",
    sub_event_type="Non-violent transfer of territory",
    actor1="Northern Front",
    place=KERROW,
    geo_precision=1,
    earliest=date(2021, 3, 2),
    latest=date(2021, 3, 2),
    time_precision=TimePrecision.DAY,
    territorial="gain",
    evidence=(FieldEvidence("actor1", span(DOC_A, "Northern Front")),),
)
MENTION_B = EventMention(
    mention_id="em_b",
    doc_id=DOC_B.doc_id,
    trigger=span(DOC_B, "shelled"),
    sentence=span(DOC_B, TEXT_B),
    event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack",
    actor1="Lantern Brigade",
    place=VOSSA,
    geo_precision=2,
    fatalities=0,
    modality=Modality.DISPUTED,
    claimant="Lantern Brigade",
    flags=("claimed",),
)


def make_event(event_id: str, **kw: Any) -> Event:
    base: dict[str, Any] = {
        "event_id": event_id,
        "event_date": date(2021, 3, 2),
        "time_precision": TimePrecision.DAY,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Northern Front",
        "assoc_actor_1": "",
        "inter1": 2,
        "actor2": "Military Forces of Syria",
        "assoc_actor_2": "",
        "inter2": 1,
        "interaction": 12,
        "civilian_targeting": False,
        "location": "Kerrow",
        "admin1": "Homs",
        "country": "Syria",
        "iso": "SY",
        "latitude": 34.55,
        "longitude": 38.27,
        "geo_precision": 1,
        "fatalities": 2,
        "fatalities_range": Fatalities(low=2, best=2, high=3),
        "notes": 'On 2 March, fighters took Kerrow; "two" killed.\nSecond line.',
        "sources": (DOC_A.doc_id,),
        "source_names": ("The Daily Lantern",),
        "mentions": ("em_a",),
        "evidence": (FieldEvidence("location", span(DOC_A, "Kerrow")),),
        "geonameid": KERROW.geonameid,
    }
    base.update(kw)
    return Event(**base)


EV1 = make_event("ev_1")
EV2 = make_event(
    "ev_2",
    event_date=date(2021, 3, 5),
    event_type="Violence against civilians",
    sub_event_type="Attack",
    civilian_targeting=True,
    actor2="Civilians (Syria)",
    inter2=7,
    interaction=27,
    source_names=("Valley Post", "The Daily Lantern"),
    sources=(DOC_A.doc_id, DOC_B.doc_id),
    flags=("merged", "estimated_date"),
    fatalities_range=Fatalities(),
)
EV3 = make_event(
    "ev_3",
    event_date=None,
    time_precision=TimePrecision.MONTH,
    location="Vossa",
    latitude=None,
    longitude=None,
    geonameid=KERROW.geonameid + 1,
    country="Lebanon",
    iso="LB",
    event_type="Explosions/Remote violence",
    territorial="loss",
)
EVENTS = (EV1, EV2, EV3)
CLAIM = Claim(
    claim_id="cl_1",
    mention=MENTION_B,
    modality=Modality.DISPUTED,
    claimant="Lantern Brigade",
    disputed_by=span(DOC_B, "nobody was hurt"),
)
PERIOD_1 = ControlPeriod(
    period_id="cp_1",
    geonameid=KERROW.geonameid,
    place="Kerrow",
    country_code="SY",
    controller="Military Forces of Syria",
    start=None,
    end=date(2021, 3, 2),
    end_event="ev_1",
    inferred=True,
)
PERIOD_2 = ControlPeriod(
    period_id="cp_2",
    geonameid=KERROW.geonameid,
    place="Kerrow",
    country_code="SY",
    controller="Northern Front",
    start=date(2021, 3, 2),
    end=None,
    start_event="ev_1",
    evidence=(span(DOC_A, "seized the hill town of Kerrow"),),
)
PERIOD_3 = dataclasses.replace(
    PERIOD_2, period_id="cp_3", geonameid=VOSSA.geonameid, place="Vossa", evidence=()
)


def snapshot(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {t: store._query(f"SELECT * FROM {t} ORDER BY 1") for t in TABLES}


def fill(store: Store) -> None:
    store.put_documents([DOC_A, DOC_B])
    store.put_rejected([Rejected(origin="inbox/empty.txt", code="E103", reason="too short")])
    store.put_event_mentions([MENTION_A, MENTION_B])
    store.replace_resolution(events=EVENTS, claims=[CLAIM], periods=[PERIOD_2, PERIOD_1, PERIOD_3])


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = open_store(str(tmp_path / "t.duckdb"))
    assert isinstance(s, DuckDBStore)
    yield s
    s.close()


# --- opening, schema, migrations --------------------------------------------------


def test_open_creates_directories_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "s.duckdb"
    s = open_store(str(path))
    assert isinstance(s, Store) and isinstance(s, DuckDBStore)
    assert path.is_file()
    assert s.applied_migrations == [m.version for m in MIGRATIONS]
    tables = {r[0] for r in s._query("SELECT table_name FROM information_schema.tables")}
    assert set(TABLES) | {"schema_migrations", "acled_events"} <= tables
    s.close()


def test_reopen_applies_no_migration_twice(backend: str) -> None:
    path = backend
    s: Any = open_store(path)
    assert s.applied_migrations == [m.version for m in MIGRATIONS]
    fill(s)
    rows = s._query("SELECT * FROM schema_migrations ORDER BY version")
    s.close()
    s2: Any = open_store(path)
    assert s2.applied_migrations == []
    assert s2._query("SELECT * FROM schema_migrations ORDER BY version") == rows
    assert s2.events() == [EV1, EV2, EV3]
    s2.close()


def test_open_applies_only_missing_migrations(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    old = DuckDBStore(path, migrations=MIGRATIONS[:1])
    assert old.applied_migrations == [1]
    old.put_documents([DOC_A])
    old.close()
    s = DuckDBStore(path)
    assert s.applied_migrations == [m.version for m in MIGRATIONS[1:]]
    assert s.documents() == [DOC_A]
    s.replace_resolution(events=[EV2], claims=[], periods=[])
    assert s._query("SELECT disorder_type, civilian_targeting FROM acled_events") == [
        ("Political violence", "Civilian targeting")
    ]
    s.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    s = DuckDBStore(path)
    s._live().execute("INSERT INTO schema_migrations (version) VALUES (999)")
    s.close()
    with pytest.raises(StoreError) as e:
        open_store(str(path))
    assert e.value.code == "E305"


def test_not_a_duckdb_file(tmp_path: Path) -> None:
    bad = tmp_path / "notes.duckdb"
    bad.write_text("just some words, not a database\n")
    with pytest.raises(StoreError) as e:
        open_store(str(bad))
    assert e.value.code == "E302" and "not a DuckDB database" in e.value.message
    with pytest.raises(StoreError) as e:
        open_store(str(tmp_path))
    assert e.value.code == "E302"


@pytest.mark.parametrize("url", ["mysql://h/db", "sqlite:///x.db"])
def test_unavailable_backends(url: str) -> None:
    with pytest.raises(StoreError) as e:
        open_store(url)
    assert e.value.code == "E301"


def test_unreachable_postgres_is_a_clear_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as e:
        open_store("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")
    assert e.value.code == "E302" and "127.0.0.1:9" in e.value.message


def test_missing_store_is_an_error_when_it_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "nope.duckdb"
    with pytest.raises(StoreError) as e:
        open_store(str(path), must_exist=True)
    assert e.value.code == "E314" and str(path) in e.value.message
    assert not path.exists()


def test_memory_and_duckdb_url(tmp_path: Path) -> None:
    with DuckDBStore(":memory:") as s:
        fill(s)
        assert len(s.events()) == 3
    s2 = open_store(f"duckdb://{tmp_path / 'u.duckdb'}")
    assert (tmp_path / "u.duckdb").is_file()
    s2.close()


def test_closed_store_raises(any_store: Any) -> None:
    store = any_store
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError) as e:
        store.documents()
    assert e.value.code == "E308"


def test_file_locked_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    s = open_store(str(path))
    code = (
        "import sys\nfrom tadmor.errors import StoreError\nfrom tadmor.store import open_store\n"
        f"try:\n    open_store({str(path)!r})\nexcept StoreError as e:\n    print(e.code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    s.close()
    assert out.stdout.strip() == "E304", out.stderr


def test_interrupted_run_keeps_committed_puts(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    code = (
        "import os\nfrom datetime import date\nfrom tadmor.model import Document\n"
        "from tadmor.store import open_store\n"
        f"s = open_store({str(path)!r})\n"
        "t = 'a committed document that must survive a crash'\n"
        "s.put_documents([Document(doc_id=Document.make_id(t), text=t, origin='x')])\n"
        "os._exit(3)  # die without closing or checkpointing\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 3, out.stderr
    s = open_store(str(path))
    docs = s.documents()
    s.close()
    assert [d.text for d in docs] == ["a committed document that must survive a crash"]


# --- puts and gets ----------------------------------------------------------------


def test_documents_round_trip(any_store: Any) -> None:
    store = any_store
    store.put_documents([DOC_B, DOC_A])
    assert store.documents() == sorted([DOC_A, DOC_B], key=lambda d: d.doc_id)
    assert store.document(DOC_A.doc_id) == DOC_A
    assert store.document("doc_missing") is None
    assert store.has_document(DOC_B.doc_id) and not store.has_document("doc_missing")
    got = store.document(DOC_A.doc_id)
    assert got is not None and type(got.date_source) is DateSource


def test_rejected_round_trip(any_store: Any) -> None:
    store = any_store
    rej = [
        Rejected(origin="dump.jsonl:7", code="E104", reason="longer than the limit"),
        Rejected(origin="a.html", code="E101", reason="no text"),
    ]
    store.put_rejected(rej + rej)
    assert store.rejected() == sorted(rej, key=lambda r: r.origin)


def test_event_mentions_round_trip(any_store: Any) -> None:
    store = any_store
    store.put_event_mentions([MENTION_B, MENTION_A])
    got = store.event_mentions()
    assert sorted(got, key=lambda m: m.mention_id) == [MENTION_A, MENTION_B]
    m = next(x for x in got if x.mention_id == "em_a")
    assert type(m.time_precision) is TimePrecision and m.place == KERROW


def test_resolution_round_trip(any_store: Any) -> None:
    store = any_store
    fill(store)
    assert store.events() == [EV1, EV2, EV3]  # by date, undated last
    assert store.claims() == [CLAIM]
    assert store.control_periods() == [PERIOD_1, PERIOD_2, PERIOD_3]


def test_event_filters(any_store: Any) -> None:
    store = any_store
    fill(store)
    assert store.events(place="KERROW") == [EV1, EV2]
    assert store.events(place=str(KERROW.geonameid)) == [EV1, EV2]
    assert store.events(place="Nowhere") == []
    assert store.events(country="syria") == [EV1, EV2]
    assert store.events(country="lb") == [EV3]
    assert store.events(since=date(2021, 3, 3)) == [EV2]
    assert store.events(until=date(2021, 3, 2)) == [EV1]
    assert store.events(since=date(2021, 3, 2), until=date(2021, 3, 5)) == [EV1, EV2]
    assert store.events(event_type="battles") == [EV1]
    assert store.events(place="kerrow", event_type="Violence against civilians") == [EV2]


def test_control_period_filter(any_store: Any) -> None:
    store = any_store
    fill(store)
    assert store.control_periods(place="kerrow") == [PERIOD_1, PERIOD_2]
    assert store.control_periods(place=str(VOSSA.geonameid)) == [PERIOD_3]
    assert store.control_periods(place="Atlantis") == []


def test_upsert_is_idempotent_and_replaces_changed_content(store: DuckDBStore) -> None:
    fill(store)
    before = snapshot(store)
    rowids = {t: store._query(f"SELECT rowid, * FROM {t} ORDER BY 2") for t in TABLES}
    fill(store)
    assert snapshot(store) == before
    # unchanged rows are not even rewritten: DuckDB gives a rewritten row a new rowid
    assert {t: store._query(f"SELECT rowid, * FROM {t} ORDER BY 2") for t in TABLES} == rowids
    flagged = dataclasses.replace(DOC_B, flags=("undated",))
    store.put_documents([DOC_B, flagged])  # same id twice in one batch: the last one wins
    assert store.document(DOC_B.doc_id) == flagged
    assert len(store.documents()) == 2


def test_replace_resolution_replaces_everything(any_store: Any) -> None:
    store = any_store
    fill(store)
    store.replace_resolution(events=[EV2], claims=[], periods=[PERIOD_3])
    assert store.events() == [EV2]
    assert store.claims() == []
    assert store.control_periods() == [PERIOD_3]
    assert len(store.documents()) == 2  # documents and mentions are untouched
    assert len(store.event_mentions()) == 2


def test_replace_resolution_is_atomic(any_store: Any, monkeypatch: Any) -> None:
    store = any_store
    fill(store)
    before = snapshot(store)
    real = SqlStore._upsert

    def failing(self: SqlStore, tx: Any, *, table: str, rows: Any, **kw: Any) -> Any:
        if table == "control_periods":
            raise StoreError("E307", "disk full (simulated)")
        return real(self, tx, table=table, rows=rows, **kw)

    monkeypatch.setattr(SqlStore, "_upsert", failing)
    with pytest.raises(StoreError) as e:
        store.replace_resolution(events=[EV2], claims=[], periods=[PERIOD_3])
    assert e.value.code == "E307"
    monkeypatch.undo()
    assert snapshot(store) == before
    assert store.events() == [EV1, EV2, EV3]


# --- codec ------------------------------------------------------------------------


def test_codec_round_trips_every_record() -> None:
    for rec in (DOC_A, DOC_B, MENTION_A, MENTION_B, *EVENTS, CLAIM, PERIOD_1, PERIOD_2):
        data = json.loads(json.dumps(to_json(rec)))
        back = from_json(type(rec), data)
        assert back == rec
    back_ev = from_json(Event, to_json(EV1))
    assert type(back_ev.time_precision) is TimePrecision
    assert isinstance(back_ev.evidence, tuple) and isinstance(back_ev.evidence[0], FieldEvidence)


def test_codec_defaults_and_errors() -> None:
    data = to_json(DOC_B)
    del data["flags"]  # a field added after the record was stored keeps its default
    assert from_json(Document, data) == DOC_B
    del data["origin"]
    with pytest.raises(CodecError):
        from_json(Document, data)
    with pytest.raises(CodecError):
        from_json(Fatalities, {"low": "three"})
    with pytest.raises(CodecError):
        from_json(Fatalities, {"low": True})
    with pytest.raises(CodecError):
        from_json(Event, {**to_json(EV1), "time_precision": 9})
    with pytest.raises(CodecError):
        to_json(object())


# --- exports ----------------------------------------------------------------------


def test_csv_export(tmp_path: Path) -> None:
    out = export_events([EV3, EV2, EV1], path=tmp_path / "x" / "events.csv", fmt="csv")
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[:6] == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
    ]
    assert header[28:] == [
        "fatalities",
        "tags",
        "timestamp",
        "iso3",
        "fatalities_low",
        "fatalities_high",
        "sources",
        "flags",
        "corrections",
        "confidence",
        "geonameid",
    ]
    assert header == list(COLUMN_NAMES) and len(header) == 39
    recs = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert [r["event_id_cnty"] for r in recs] == ["ev_1", "ev_2", "ev_3"]
    r1, r2, r3 = recs
    assert r1["event_date"] == "2021-03-02" and r1["year"] == "2021"
    assert r1["disorder_type"] == "Political violence" and r1["iso"] == "760"
    assert r1["civilian_targeting"] == "" and r2["civilian_targeting"] == "Civilian targeting"
    assert r1["notes"] == EV1.notes  # quotes and newlines survive
    assert r2["source"] == "Valley Post; The Daily Lantern"
    assert (
        r2["sources"] == f"{DOC_A.doc_id};{DOC_B.doc_id}" and r2["flags"] == "merged;estimated_date"
    )
    assert r1["fatalities_low"] == "2" and r2["fatalities_low"] == ""
    assert r3["event_date"] == "" and r3["latitude"] == "" and r3["iso"] == "422"
    assert r1["iso3"] == "SYR" and r1["region"] == "Middle East" and r3["iso3"] == "LBN"
    assert r2["actor2"] == "Civilians (Syria)"
    assert {r["timestamp"] for r in recs} == {"0"}  # events not from a store have no time


@pytest.mark.parametrize("fmt", ["csv", "acled", "acled-legacy", "json", "geojson", "parquet"])
def test_exports_are_deterministic(tmp_path: Path, fmt: str) -> None:
    a = export_events([EV1, EV2, EV3], path=tmp_path / f"a.{fmt}", fmt=fmt)
    b = export_events([EV3, EV1, EV2], path=tmp_path / f"b.{fmt}", fmt=fmt.upper())
    assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / f"a.{fmt}.provenance.json").read_bytes() == (
        tmp_path / f"b.{fmt}.provenance.json"
    ).read_bytes()
    assert not list(tmp_path.glob("*.tmp"))
    empty = export_events([], path=tmp_path / f"empty.{fmt}", fmt=fmt)
    assert empty.stat().st_size > 0


def test_json_export_rows_and_provenance(tmp_path: Path) -> None:
    out = export_events([EV2, EV3, EV1], path=tmp_path / "e.json", fmt="json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [r["event_id_cnty"] for r in data["events"]] == ["ev_1", "ev_2", "ev_3"]
    assert list(data["events"][0]) == list(COLUMN_NAMES)
    assert data["events"][0]["iso"] == 760 and data["events"][0]["event_date"] == "2021-03-02"
    assert data["provenance"]["events"] == 3 and data["provenance"]["format"] == "json"


def test_geojson_export(tmp_path: Path) -> None:
    out = export_events(EVENTS, path=tmp_path / "e.geojson", fmt="geojson")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert data["skipped_no_coordinates"] == 1
    assert [f["id"] for f in data["features"]] == ["ev_1", "ev_2"]
    f1 = data["features"][0]
    assert f1["geometry"] == {"type": "Point", "coordinates": [38.27, 34.55]}
    assert f1["properties"]["event_date"] == "2021-03-02"
    assert f1["properties"]["fatalities_high"] == 3


def test_parquet_export_reads_back(tmp_path: Path) -> None:
    out = export_events(EVENTS, path=tmp_path / "e.parquet", fmt="parquet")
    conn = duckdb.connect(":memory:")
    rel = conn.execute("SELECT * FROM read_parquet(?)", [str(out)])
    names = [d[0] for d in rel.description]
    rows = rel.fetchall()
    conn.close()
    assert names == list(COLUMN_NAMES)
    assert [r[0] for r in rows] == ["ev_1", "ev_2", "ev_3"]
    r1 = dict(zip(names, rows[0], strict=True))
    assert r1["event_date"] == date(2021, 3, 2) and r1["latitude"] == 34.55
    assert r1["fatalities"] == 2 and r1["iso"] == 760 and r1["timestamp"] == 0
    assert dict(zip(names, rows[2], strict=True))["longitude"] is None


def test_unknown_export_format(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as e:
        export_events(EVENTS, path=tmp_path / "e.xlsx", fmt="xlsx")
    assert e.value.code == "E309"


# --- properties -------------------------------------------------------------------

PROP = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def mem_store() -> Any:
    """One in-memory store shared by the property tests (opening one per example is slow)."""
    with DuckDBStore(":memory:") as s:
        yield s


def clear(store: DuckDBStore) -> None:
    store.replace_resolution(events=[], claims=[], periods=[])
    for t in ("documents", "rejected", "event_mentions"):
        store._live().execute(f"DELETE FROM {t}")


@st.composite
def doc_and_span(draw: st.DrawFn) -> tuple[Document, int, int]:
    text = draw(st.text(min_size=1, max_size=200))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return make_doc(text), start, end


@PROP
@given(case=doc_and_span())
def test_property_evidence_survives_storage(
    mem_store: DuckDBStore, case: tuple[Document, int, int]
) -> None:
    doc, start, end = case
    ev = Evidence.of(doc, start, end)
    mention = dataclasses.replace(
        MENTION_A, mention_id="em_p", doc_id=doc.doc_id, trigger=ev, sentence=ev, evidence=()
    )
    event = make_event("ev_p", sources=(doc.doc_id,), evidence=(FieldEvidence("notes", ev),))
    s = mem_store  # the mention "em_p" and event "ev_p" replace the previous example's
    s.put_documents([doc])
    s.put_event_mentions([mention])
    s.replace_resolution(events=[event], claims=[], periods=[])
    stored = s.document(doc.doc_id)
    assert stored is not None and stored.text == doc.text
    stored_mention = next(m for m in s.event_mentions() if m.mention_id == "em_p")
    for e in (stored_mention.trigger, s.events()[0].evidence[0].evidence):
        assert e == ev and stored.text[e.start : e.end] == e.quote


evidences = st.builds(
    Evidence,
    doc_id=st.text(max_size=12),
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    quote=st.text(max_size=30),
)
opt_int = st.none() | st.integers(0, 10**6)
events_st = st.builds(
    Event,
    event_id=st.text(min_size=1, max_size=12),
    event_date=st.none() | st.dates(),
    time_precision=st.sampled_from(TimePrecision),
    event_type=st.text(max_size=20),
    sub_event_type=st.text(max_size=20),
    actor1=st.text(max_size=20),
    assoc_actor_1=st.text(max_size=20),
    inter1=st.integers(0, 8),
    actor2=st.text(max_size=20),
    assoc_actor_2=st.text(max_size=20),
    inter2=st.integers(0, 8),
    interaction=st.integers(0, 88),
    civilian_targeting=st.booleans(),
    location=st.text(max_size=20),
    admin1=st.text(max_size=20),
    country=st.text(max_size=20),
    iso=st.text(max_size=3),
    latitude=st.none() | st.floats(allow_nan=False),
    longitude=st.none() | st.floats(allow_nan=False),
    geo_precision=st.integers(0, 3),
    fatalities=st.integers(0, 10**6),
    fatalities_range=st.builds(Fatalities, low=opt_int, best=opt_int, high=opt_int),
    notes=st.text(max_size=60),
    sources=st.lists(st.text(max_size=10), max_size=3).map(tuple),
    source_names=st.lists(st.text(max_size=10), max_size=3).map(tuple),
    mentions=st.lists(st.text(max_size=10), max_size=3).map(tuple),
    evidence=st.lists(
        st.builds(FieldEvidence, field=st.text(max_size=8), evidence=evidences), max_size=3
    ).map(tuple),
    territorial=st.sampled_from(["", "gain", "loss"]),
    geonameid=st.none() | st.integers(1, 2**40),
    flags=st.lists(st.text(max_size=10), max_size=3).map(tuple),
)


@PROP
@given(events_st)
def test_property_codec_round_trip(event: Event) -> None:
    assert from_json(Event, json.loads(json.dumps(to_json(event)))) == event


@settings(PROP, max_examples=12)
@given(events=st.lists(events_st, max_size=5), docs=st.lists(doc_and_span(), max_size=3))
def test_property_put_twice_changes_nothing(
    mem_store: DuckDBStore, events: list[Event], docs: list[tuple[Document, int, int]]
) -> None:
    s = mem_store
    clear(s)
    snapshots = []
    for _ in range(2):
        s.put_documents([d for d, _, _ in docs])
        s.put_event_mentions([MENTION_A])
        s.replace_resolution(events=events, claims=[CLAIM], periods=[PERIOD_1])
        snapshots.append((snapshot(s), s.events(), s.documents()))
    assert snapshots[0] == snapshots[1]
    unique = {e.event_id: e for e in events}  # the last of equal ids wins
    by_id = sorted(snapshots[1][1], key=lambda e: e.event_id)
    assert by_id == sorted(unique.values(), key=lambda e: e.event_id)


def test_put_batch_on_every_backend(any_store: Any, monkeypatch: Any) -> None:
    rej = Rejected(origin="inbox/empty.txt", code="E103", reason="too short")
    real = SqlStore._upsert

    def failing(self: SqlStore, tx: Any, *, table: str, rows: Any, **kw: Any) -> Any:
        if table == "rejected":  # the batch's last table: the others are already written
            raise StoreError("E307", "disk full (simulated)")
        return real(self, tx, table=table, rows=rows, **kw)

    monkeypatch.setattr(SqlStore, "_upsert", failing)
    with pytest.raises(StoreError):
        any_store.put_batch([DOC_A], [MENTION_A], [rej])
    monkeypatch.undo()
    assert any_store.documents() == [] and any_store.event_mentions() == []
    any_store.put_batch([DOC_A], [MENTION_A], [rej])
    any_store.put_batch([DOC_A], [MENTION_A], [rej])
    assert any_store.documents() == [DOC_A] and any_store.event_mentions() == [MENTION_A]
    assert any_store.rejected() == [rej]


def test_event_mentions_by_many_ids(any_store: Any, monkeypatch: Any) -> None:
    from tadmor.store import sql

    any_store.put_event_mentions([MENTION_B, MENTION_A])
    monkeypatch.setattr(sql, "_IN_LIMIT", 1)  # as if more ids than one statement takes
    got = any_store.event_mentions(ids=["em_b", "em_a", "em_none"])
    assert sorted(m.mention_id for m in got) == ["em_a", "em_b"]
    assert got == sorted(got, key=lambda m: (m.doc_id, m.mention_id))
