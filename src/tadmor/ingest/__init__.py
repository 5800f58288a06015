"""Ingest: files and records in, cleaned and dated Documents (or coded Rejected records) out."""

from __future__ import annotations

from tadmor.ingest.boilerplate import clean_text
from tadmor.ingest.dedup import dedup_documents
from tadmor.ingest.readers import document_from_record, read_inputs

__all__ = ["clean_text", "dedup_documents", "document_from_record", "read_inputs"]
