"""The HTTP API, end to end on a small invented corpus: every endpoint, the token, the size
limit and bad bodies."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from tadmor.api import ApiConfig, create_app
from tadmor.settings import Settings
from tadmor.store import open_store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

REPORTS = {
    "a.txt": (
        "Insurgents seize Mocimboa da Praia\n\n"
        "PEMBA — Islamist insurgents seized the port town of Mocimboa da Praia on Wednesday "
        "after Mozambican soldiers withdrew, local officials said. At least 9 soldiers were "
        "killed in the fighting.\n",
        "2020-08-13",
        "Cabo Wire",
    ),
    "b.txt": (
        "Mozambican troops recaptured Mocimboa da Praia from the insurgents on Sunday, the "
        "defence ministry said. Two soldiers were wounded.\n",
        "2021-08-09",
        "Pemba Post",
    ),
    "c.txt": (
        "Police fired tear gas at hundreds of students protesting fuel prices in Nampula on "
        "Tuesday, witnesses said. The students had marched to the governor's office.\n",
        "2021-09-15",
        "Nampula Daily",
    ),
}
NEW_REPORT = (
    "Insurgents attacked the town of Macomia in Cabo Delgado on Thursday and burned "
    "dozens of houses, residents said. Three civilians were killed."
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tadmor.pipeline import run

    root = tmp_path_factory.mktemp("api_corpus")
    meta = []
    for name, (text, published, source) in REPORTS.items():
        (root / name).write_text(text, encoding="utf-8")
        meta.append(json.dumps({"file": name, "published": published, "source": source}))
    (root / "metadata.jsonl").write_text("\n".join(meta) + "\n", encoding="utf-8")
    path = str(tmp_path_factory.mktemp("api_store") / "t.duckdb")
    settings = Settings.create(store=path)
    st = open_store(path)
    try:
        run([root], settings=settings, store=st)
    finally:
        st.close()
    return path


@pytest.fixture()
def client(store_path: str, tmp_path: Path) -> Iterator[TestClient]:
    """A writable app over a copy of the module's store (writes stay in this test)."""
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(Path(store_path).read_bytes())
    st = open_store(str(copy))
    app = create_app(
        Settings.create(store=str(copy)), st, ApiConfig(token=TOKEN, max_upload_bytes=20_000)
    )
    try:
        yield TestClient(app)
    finally:
        st.close()


def _events(client: TestClient, **params: object) -> dict:  # type: ignore[type-arg]
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_events_filters_sort_and_paging(client: TestClient) -> None:
    everything = _events(client, limit=100)
    assert everything["total"] == len(everything["items"]) >= 3
    mz = _events(client, country="Mozambique")
    assert mz["total"] == everything["total"] and _events(client, country="MZ")["total"] == mz["total"]
    assert _events(client, country="Kenya")["total"] == 0
    # any name of the place: the report's unaccented spelling finds the gazetteer's name
    place = _events(client, place="Mocimboa da Praia")
    assert place["total"] >= 2
    assert {e["location"] for e in place["items"]} == {"Mocímboa da Praia"}
    gid = place["items"][0]["geonameid"]
    assert _events(client, place=str(gid))["total"] == place["total"]
    types = {e["event_type"] for e in everything["items"]}
    assert "Strategic developments" in types or "Battles" in types
    for t in types:
        hits = _events(client, event_type=t.upper())["items"]
        assert hits and all(e["event_type"] == t for e in hits)
    sub = everything["items"][0]["sub_event_type"]
    assert all(e["sub_event_type"] == sub for e in _events(client, sub_event_type=sub)["items"])
    dated = sorted(e["event_date"] for e in everything["items"] if e["event_date"])
    assert dated == [e["event_date"] for e in everything["items"] if e["event_date"]]
    window = _events(client, since=dated[1], until=dated[-1])
    assert window["total"] == len(dated) - 1
    deadly = _events(client, fatalities_min=5)
    assert deadly["total"] >= 1 and all(e["fatalities"] >= 5 for e in deadly["items"])
    assert all(e["fatalities"] <= 4 for e in _events(client, fatalities_max=4)["items"])
    by_deaths = _events(client, sort="-fatalities")["items"]
    assert [e["fatalities"] for e in by_deaths] == sorted(
        (e["fatalities"] for e in by_deaths), reverse=True
    )
    assert _events(client, actor="mozambique")["total"] >= 2
    text_hits = _events(client, q="RECAPTURED")["items"]
    assert text_hits and all("2021-08" in (e["event_date"] or "") for e in text_hits)
    # bbox around Cabo Delgado keeps the two events there, one far away keeps none
    assert _events(client, bbox="39,-13,41.5,-10")["total"] >= 2
    assert _events(client, bbox="0,0,1,1")["total"] == 0
    first, second = _events(client, limit=1), _events(client, limit=1, offset=1)
    assert first["total"] == everything["total"] and first["items"] != second["items"]
    assert second["items"][0]["event_id"] == everything["items"][1]["event_id"]


def test_events_as_csv_and_geojson(client: TestClient) -> None:
    r = client.get("/api/events", params={"format": "csv", "country": "Mozambique"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == int(r.headers["x-total-count"]) >= 2
    assert {"event_id_cnty", "event_date", "fatalities"} <= set(rows[0])
    g = client.get("/api/events", params={"format": "geojson"})
    assert g.status_code == 200 and g.headers["content-type"].startswith("application/geo+json")
    fc = g.json()
    assert fc["type"] == "FeatureCollection" and fc["features"]
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_event_detail_has_mentions_evidence_and_merge(client: TestClient) -> None:
    ev = _events(client, q="seized")["items"][0]
    r = client.get(f"/api/events/{ev['event_id']}")
    assert r.status_code == 200
    d = r.json()
    assert d["event"]["event_id"] == ev["event_id"] and d["mentions"] and d["merge"]
    assert d["record"]["event_id"] == ev["event_id"]
    assert d["corrections"] == []
    fields = {fe["field"] for fe in d["evidence"]}
    assert {"actor1", "location"} <= fields
    for m in d["mentions"]:
        doc = client.get(f"/api/documents/{m['doc_id']}").json()
        assert doc["source"] == m["source"]
        for span in [m["trigger"], m["sentence"]] + [fe["evidence"] for fe in m["evidence"]]:
            assert doc["text"][span["start"] : span["end"]] == span["quote"]
    assert client.get("/api/events/evt_nope").status_code == 404


def test_document_text_and_spans(client: TestClient) -> None:
    ev = _events(client, q="recaptured")["items"][0]
    doc_id = ev["sources"][0]
    d = client.get(f"/api/documents/{doc_id}").json()
    assert "recaptured" in d["text"] and d["published"] == "2021-08-09"
    assert d["spans"], "a document with an event has evidence spans"
    assert any(s["event_id"] == ev["event_id"] for s in d["spans"])
    assert any(d["text"][s["start"] : s["end"]] == "recaptured" for s in d["spans"])
    r = client.get("/api/documents/doc_missing")
    assert r.status_code == 404 and "doc_missing" in r.json()["detail"]


def test_timeline_claims_places_actors(client: TestClient) -> None:
    periods = client.get("/api/timeline", params={"place": "Mocimboa da Praia"}).json()
    assert len(periods) >= 2 and {p["place"] for p in periods} == {"Mocímboa da Praia"}
    assert periods[0]["latitude"] is not None and periods[0]["evidence"]
    changes = [p["start"] for p in periods if p["start"]]
    day = client.get("/api/timeline", params={"day": changes[-1]}).json()
    assert len([p for p in day if p["place"] == "Mocímboa da Praia"]) == 1
    assert client.get("/api/timeline", params={"place": "Atlantis"}).json() == []
    claims = client.get("/api/claims").json()
    assert claims["total"] == len(claims["items"])
    for c in claims["items"]:
        assert c["modality"] == c["mention"]["modality"] and c["mention"]["trigger"]["quote"]
    places = client.get("/api/places", params={"q": "moc"}).json()
    assert places[0]["name"] == "Mocímboa da Praia" and places[0]["count"] >= 2
    assert "Mozambique" in places[0]["detail"]
    actors = client.get("/api/actors", params={"q": "forces of moz"}).json()
    assert actors and actors[0]["name"].startswith("Military Forces of Mozambique")
    facets = client.get("/api/facets").json()
    assert facets["countries"] == ["Mozambique"] and facets["first"] <= facets["last"]


def test_changes_feed(client: TestClient) -> None:
    r = client.get("/api/changes", params={"since": "2000-01-01T00:00:00"})
    assert r.status_code == 200
    feed = r.json()
    ids = {c["event_id"] for c in feed["items"]}
    assert {e["event_id"] for e in _events(client)["items"]} <= ids
    assert {c["change"] for c in feed["items"]} <= {"added", "changed", "merged", "deleted"}
    later = client.get("/api/changes", params={"since": feed["until"]}).json()
    assert later["items"] == []
    ev = _events(client, sort="-fatalities")["items"][0]
    fix = {"kind": "field", "field": "fatalities", "value": ev["fatalities"] + 1, "author": "a"}
    assert client.post(f"/api/events/{ev['event_id']}/corrections", json=fix, headers=AUTH).status_code == 201
    after = client.get("/api/changes", params={"since": feed["until"]}).json()["items"]
    assert [(c["event_id"], c["change"]) for c in after] == [(ev["event_id"], "changed")]
    assert client.get("/api/changes", params={"since": "yesterday"}).status_code == 422


def test_corrections_apply_and_are_listed(client: TestClient) -> None:
    ev = _events(client, q="recaptured")["items"][0]
    eid = ev["event_id"]
    fix = {"kind": "field", "field": "fatalities", "value": 7, "author": "Analyst", "note": "seven"}
    r = client.post(f"/api/events/{eid}/corrections", json=fix, headers=AUTH)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["before"] == {"fatalities": ev["fatalities"]} and out["after"] == {"fatalities": 7}
    assert out["author"] == "Analyst" and out["note"] == "seven" and out["at"]
    d = client.get(f"/api/events/{eid}").json()
    assert d["event"]["fatalities"] == 7 and d["event"]["corrected"]
    assert [c["author"] for c in d["corrections"]] == ["Analyst"]
    assert _events(client, fatalities_min=7, q="recaptured")["total"] == 1  # the index follows
    # the other kinds
    other = next(e for e in _events(client)["items"] if e["event_id"] != eid)
    merge = {"kind": "merge", "other_event_id": other["event_id"], "author": "Analyst"}
    r = client.post(f"/api/events/{eid}/corrections", json=merge, headers=AUTH)
    assert r.status_code == 201 and r.json()["after"] == {"merged": other["event_id"]}
    assert client.get(f"/api/events/{other['event_id']}").status_code == 404
    merged = client.get(f"/api/events/{eid}").json()
    assert len(merged["mentions"]) >= 2
    split = {"kind": "split", "mention_ids": [merged["mentions"][-1]["mention_id"]], "author": "A"}
    r = client.post(f"/api/events/{eid}/corrections", json=split, headers=AUTH)
    assert r.status_code == 201, r.text
    gone = {"kind": "not_event", "author": "Analyst", "note": "a rumour"}
    r = client.post(f"/api/events/{eid}/corrections", json=gone, headers=AUTH)
    assert r.status_code == 201 and r.json()["after"] == {"event": False}
    assert client.get(f"/api/events/{eid}").status_code == 404
    assert eid not in {e["event_id"] for e in _events(client, limit=100)["items"]}
    # bad corrections: 422 with a message, unknown event 404
    for bad in ({"kind": "field", "author": "a"},
                {"kind": "field", "field": "colour", "value": "red", "author": "a"},
                {"kind": "merge", "author": "a"},
                {"kind": "split", "author": "a"},
                {"kind": "field", "field": "fatalities", "value": 1}):
        live = _events(client)["items"][0]["event_id"]
        r = client.post(f"/api/events/{live}/corrections", json=bad, headers=AUTH)
        assert r.status_code == 422 and r.json()["detail"], bad
    r = client.post("/api/events/evt_nope/corrections", json=fix, headers=AUTH)
    assert r.status_code == 404


def test_writes_need_the_token(client: TestClient) -> None:
    body = {"text": NEW_REPORT, "published": "2022-03-04"}
    assert client.post("/api/documents", json=body).status_code == 401
    wrong = client.post("/api/documents", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "token" in wrong.json()["detail"]
    ev = _events(client)["items"][0]["event_id"]
    fix = {"kind": "field", "field": "fatalities", "value": 3, "author": "a"}
    assert client.post(f"/api/events/{ev}/corrections", json=fix).status_code == 401


def test_read_only_without_a_configured_token(store_path: str) -> None:
    st = open_store(store_path)
    try:
        app = create_app(Settings.create(store=store_path), st, ApiConfig(token=None))
        c = TestClient(app)
        r = c.post("/api/documents", json={"text": NEW_REPORT}, headers=AUTH)
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
        assert c.get("/api/info").json()["writable"] is False
        assert c.get("/api/events").status_code == 200
    finally:
        st.close()


def test_upload_limits_and_bad_bodies(client: TestClient) -> None:
    big = {"text": "Shelling was reported. " * 2000}
    r = client.post("/api/documents", json=big, headers=AUTH)
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    r = client.post(
        "/api/documents", files={"file": ("big.txt", b"x" * 30_000, "text/plain")}, headers=AUTH
    )
    assert r.status_code == 413
    r = client.post("/api/documents", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"]
    r = client.post("/api/documents", json={"body": "x"}, headers=AUTH)
    assert r.status_code == 422 and "text" in r.json()["detail"]
    r = client.post("/api/documents", json={"text": NEW_REPORT, "published": "soon"}, headers=AUTH)
    assert r.status_code == 422 and "published" in r.json()["detail"]
    r = client.post("/api/documents", json={"text": "Too short."}, headers=AUTH)
    assert r.status_code == 422 and "E103" in r.json()["detail"]
    r = client.post("/api/documents", files={"file": ("x.exe", b"MZ\x00\x01", "application/octet-stream")}, headers=AUTH)
    assert r.status_code == 422 and "x.exe" in r.json()["detail"]
    r = client.post("/api/documents", content=b"text", headers={**AUTH, "Content-Type": "text/plain"})
    assert r.status_code == 415
    for params in ({"bbox": "1,2"}, {"since": "last week"}, {"limit": 0}, {"sort": "colour"},
                   {"fatalities_min": -1}, {"format": "xml"}):
        r = client.get("/api/events", params=params)
        assert r.status_code == 422 and r.json()["detail"], params
    ev = _events(client)["items"][0]["event_id"]
    r = client.post(f"/api/events/{ev}/corrections", json={"kind": "rename", "author": "a"}, headers=AUTH)
    assert r.status_code == 422 and "kind" in r.json()["detail"]


def test_upload_is_analysed_in_the_background_and_idempotent(client: TestClient) -> None:
    before = _events(client)["total"]
    body = {"text": NEW_REPORT, "published": "2022-03-04", "source": "Cabo Wire"}
    r = client.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 202, r.text
    doc_id = r.json()["doc_id"]
    # TestClient runs background tasks before returning; a server runs them after replying
    assert client.get(f"/api/jobs/{doc_id}").json()["status"] == "done"
    assert client.get(f"/api/documents/{doc_id}").json()["source"] == "Cabo Wire"
    assert _events(client)["total"] > before
    assert _events(client, q="burned")["total"] >= 1
    again = client.post("/api/documents", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json() == {"doc_id": doc_id, "status": "exists", "detail": ""}
    html = b"<html><head><title>Clashes</title></head><body><article><p>" + NEW_REPORT.replace(
        "Thursday", "Friday"
    ).encode() + b"</p></article></body></html>"
    up = client.post(
        "/api/documents",
        files={"file": ("report.html", html, "text/html")},
        data={"published": "2022-03-05", "source": "Upload Desk"},
        headers={"X-API-Token": TOKEN},
    )
    assert up.status_code == 202, up.text
    assert client.get(f"/api/documents/{up.json()['doc_id']}").json()["source"] == "Upload Desk"


def test_ui_is_served_offline_with_a_csp(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "default-src 'none'" in r.headers["content-security-policy"]
    page = r.text
    assert "http://" not in page and "https://" not in page
    for asset in ("/static/app.js", "/static/event.js", "/static/util.js", "/static/app.css",
                  "/static/vendor/leaflet/leaflet.js", "/static/vendor/markercluster/leaflet.markercluster.js"):
        assert asset in page and client.get(asset).status_code == 200, asset
    for js in ("/static/app.js", "/static/event.js", "/static/util.js"):
        assert "innerHTML" not in client.get(js).text, js
    assert client.get("/api/basemap").json()["features"]
    assert client.get("/openapi.json").json()["paths"]["/api/events"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert not re.search(r"(src|href)=[\"']https?://", docs.text)  # no CDN
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tadmor.cli import app

    missing = tmp_path / "nope.duckdb"
    result = CliRunner().invoke(app, ["serve", "--store", str(missing)])
    assert result.exit_code == 1 and "E314" in result.output and str(missing) in result.output
    assert not missing.exists()


def test_merge_reasons_read_the_resolvers_records() -> None:
    from tadmor.api.reads import _merge_reasons
    from tadmor.model import Event, Fatalities, TimePrecision

    e = Event(
        event_id="evt_x", event_date=None, time_precision=TimePrecision.DAY, event_type="Battles",
        sub_event_type="Armed clash", actor1="", assoc_actor_1="", inter1=0, actor2="",
        assoc_actor_2="", inter2=0, interaction=0, civilian_targeting=False, location="Pemba",
        admin1="", country="", iso="", latitude=None, longitude=None, geo_precision=1,
        fatalities=0, fatalities_range=Fatalities(), notes="", sources=(), source_names=(),
        mentions=(), evidence=(),
    )
    record = {
        "merge_links": [
            {"mention_id": "m1", "rule": "founding"},
            {"mention_id": "m2", "rule": "same_place", "joined": "m1", "km": 1.5, "days": 0, "window_days": 3},
        ],
        "merged_from": ["evt_old"],
    }
    assert _merge_reasons(record, e, []) == [
        "mention m1: the founding mention (the event's id comes from it)",
        "mention m2: joined mention m1: the same place, 1.5 km apart, dates 0 days apart (window 3 days)",
        "events merged away into it: evt_old",
    ]
    assert _merge_reasons({}, e, []) == ["one report only"]
