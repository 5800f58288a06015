"""The API over a PostgreSQL store, with another connection writing while it serves (as
``tadmor run`` does from another process). Skipped without a server: ``.ci/run`` starts one
and sets TADMOR_TEST_PG_URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from store_backends import PgSchema
from tadmor.api import ApiConfig, create_app
from tadmor.pipeline import run
from tadmor.settings import Settings
from tadmor.store import open_store
from tadmor.store.records import CorrectionKind, CorrectionRequest
from test_api import AUTH, REPORTS, TOKEN


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    schema = PgSchema()
    root = tmp_path_factory.mktemp("pg_corpus")
    meta = []
    for name, (text, published, source) in REPORTS.items():
        (root / name).write_text(text, encoding="utf-8")
        meta.append(json.dumps({"file": name, "published": published, "source": source}))
    (root / "metadata.jsonl").write_text("\n".join(meta) + "\n", encoding="utf-8")
    st = open_store(schema.url)
    try:
        run([Path(root)], settings=Settings.create(store=schema.url), store=st)
    finally:
        st.close()
    try:
        yield schema.url
    finally:
        schema.drop()


def test_api_on_postgresql_follows_writes_from_another_connection(pg_url: str) -> None:
    served, writer = open_store(pg_url), open_store(pg_url)
    try:
        config = ApiConfig(token=TOKEN, feed_interval_s=0.0)
        c = TestClient(create_app(Settings.create(store=pg_url), served, config))
        page = c.get("/api/events", params={"place": "Mocimboa da Praia", "sort": "-event_date"})
        assert page.status_code == 200 and page.json()["total"] >= 2
        first = page.json()["items"][0]
        detail = c.get(f"/api/events/{first['event_id']}").json()
        assert detail["mentions"] and detail["evidence"]
        fix = {"kind": "field", "field": "fatalities", "value": 11, "author": "Analyst"}
        assert c.post(f"/api/events/{first['event_id']}/corrections", json=fix, headers=AUTH).status_code == 201
        assert c.get(f"/api/events/{first['event_id']}").json()["event"]["fatalities"] == 11
        # another connection corrects an event while the app serves: the app sees it
        other = page.json()["items"][1]
        writer.put_correction(CorrectionRequest(
            kind=CorrectionKind.FIELD, event_id=other["event_id"], author="CLI user",
            changes=(("fatalities", 23),),
        ))  # fmt: skip
        assert c.get("/api/events", params={"fatalities_min": 23}).json()["items"][0]["event_id"] == other["event_id"]
        feed = c.get("/api/changes").json()["items"]
        assert {(x["event_id"], x["change"]) for x in feed} >= {
            (first["event_id"], "changed"), (other["event_id"], "changed")
        }
        assert c.get("/api/timeline", params={"place": "Mocimboa da Praia"}).json()
        assert c.get("/api/events", params={"format": "csv"}).status_code == 200
    finally:
        served.close()
        writer.close()
