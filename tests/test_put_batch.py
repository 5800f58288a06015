"""Store.put_batch: a batch of documents, their mentions and rejected inputs in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tadmor.errors import StoreError
from tadmor.model import Document, EventMention, Evidence, Rejected
from tadmor.store import DuckDBStore

TEXT = (
    "Gunmen of the Coastal Watch ambushed a convoy near the fishing port of Maren on Sunday, "
    "killing three drivers, the harbour police said."
)
DOC = Document(
    doc_id=Document.make_id(TEXT), text=TEXT, origin="feed/1.txt", published=date(2022, 5, 2)
)


def mention(doc: Document, needle: str, mid: str) -> EventMention:
    start = doc.text.index(needle)
    return EventMention(
        mention_id=mid,
        doc_id=doc.doc_id,
        trigger=Evidence.of(doc, start, start + len(needle)),
        sentence=Evidence.of(doc, 0, len(doc.text)),
        event_type="Violence against civilians",
        sub_event_type="Attack",
    )


MENTIONS = [mention(DOC, "ambushed", "em_1"), mention(DOC, "killing", "em_2")]
REJ = Rejected(origin="feed/2.txt", code="E103", reason="too short")


def test_put_batch_stores_all_three_and_is_idempotent(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "s.duckdb") as s:
        s.put_batch([DOC], MENTIONS, [REJ])
        s.put_batch([DOC], MENTIONS, [REJ])
        assert s.documents() == [DOC]
        assert s.event_mentions() == MENTIONS
        assert s.rejected() == [REJ]
        s.put_batch([], [], [])  # an empty batch writes nothing and does not fail
        assert s.documents() == [DOC]


def test_put_batch_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.duckdb"
    with DuckDBStore(path) as s:
        real = s._upsert

        def failing(conn: Any, *, table: str, rows: Any, replace_all: bool = False) -> None:
            if table == "rejected":  # the last table of the batch: the others are written
                raise StoreError("E307", "disk full (simulated)")
            real(conn, table=table, rows=rows, replace_all=replace_all)

        monkeypatch.setattr(s, "_upsert", failing)
        with pytest.raises(StoreError):
            s.put_batch([DOC], MENTIONS, [REJ])
        monkeypatch.undo()
        assert s.documents() == [] and s.event_mentions() == [] and s.rejected() == []
        assert not s.has_document(DOC.doc_id)
