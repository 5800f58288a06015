"""One article (plain text, HTML or a record of a dump) into a Document, or a coded Rejected.

Every string is made valid text first (tadmor.ingest.textfix.valid_text); HTML is extracted
under the document's time budget, after its markup is checked against the limits (a page
with more than ``_MAX_HTML_TAGS`` tags is rejected; the attributes of a tag longer than
``_MAX_TAG_CHARS`` characters are dropped, flagged ``repaired:html_attributes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tadmor.ingest.boilerplate import clean_text
from tadmor.ingest.guard import BudgetExceeded, time_budget
from tadmor.ingest.pubdate import date_from_html, date_from_text, date_from_url, parse_date
from tadmor.ingest.textfix import valid_text
from tadmor.model import DateSource, Document, Rejected
from tadmor.settings import Settings

__all__ = ["document_from_record", "record_to_document"]

TEXT_KEYS = ("text", "content", "body", "article", "maintext")
HTML_KEYS = ("html", "raw_html")
DATE_KEYS = ("published", "date", "publication_date", "published_at", "pubdate", "date_published")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link")
SOURCE_KEYS = ("source", "publisher", "outlet", "source_name", "site", "sitename")
LANGUAGE_KEYS = ("language", "lang")
KNOWN_KEYS = frozenset(
    (*TEXT_KEYS, *HTML_KEYS, *DATE_KEYS, *TITLE_KEYS, *URL_KEYS, *SOURCE_KEYS, *LANGUAGE_KEYS)
)

# HTML markup limits: lxml checks each attribute against all the others of its tag (quadratic:
# 20,000 attributes take 25 s), and trafilatura's passes grow faster than the page
_MAX_HTML_TAGS = 200_000
_MAX_TAG_CHARS = 20_000
_HUGE_TAG = re.compile(r"<([A-Za-z][\w:-]{0,40})[^<>]{" + str(_MAX_TAG_CHARS) + ",}>")


@dataclass(frozen=True, slots=True)
class _Extracted:
    text: str
    title: str | None
    sitename: str | None
    url: str | None


def _extract_html(html: str, url: str | None) -> _Extracted | None:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a third-party parser on untrusted markup: any failure means no article
        return None
    if result is None:
        return None
    text = getattr(result, "text", None)
    if not isinstance(text, str) or not text.strip():
        return None
    # trafilatura writes one block per line: make each a paragraph
    body = "\n\n".join(line for line in text.split("\n") if line.strip())

    def _str(name: str) -> str | None:
        value = getattr(result, name, None)
        return value.strip() or None if isinstance(value, str) else None

    return _Extracted(body, _str("title"), _str("sitename"), _str("url"))


def _valid(value: str | None, flags: list[str]) -> str | None:
    if value is None:
        return None
    fixed, why = valid_text(value)
    flags.extend(why)
    return fixed


def _html_document(
    text: str, origin: str, url: str | None, settings: Settings, flags: list[str]
) -> _Extracted | Rejected:
    size = len(text.encode("utf-8", "replace"))
    if size > settings.max_file_bytes:
        return Rejected(
            origin,
            "E104",
            f"{origin}: HTML of {size:,} bytes, more than "
            f"max_file_bytes={settings.max_file_bytes:,}",
        )
    tags = text.count("<")
    if tags > _MAX_HTML_TAGS:
        return Rejected(
            origin, "E104", f"{origin}: HTML with {tags:,} tags, more than {_MAX_HTML_TAGS:,}"
        )
    if _HUGE_TAG.search(text):
        text = _HUGE_TAG.sub(r"<\1>", text)
        flags.append("repaired:html_attributes")
    try:
        with time_budget(settings.doc_time_budget_s):
            extracted = _extract_html(text, url)
    except BudgetExceeded:
        return Rejected(
            origin,
            "E113",
            f"{origin}: extracting the article from the HTML took longer than "
            f"doc_time_budget_s={settings.doc_time_budget_s:g} s and was abandoned",
        )
    except RecursionError:
        extracted = None
    if extracted is None:
        return Rejected(
            origin, "E107", f"{origin}: no article text could be extracted from the HTML"
        )
    if len(extracted.text.strip()) < settings.min_doc_chars:
        return Rejected(
            origin,
            "E107",
            f"{origin}: no article in the HTML (only {len(extracted.text.strip())} characters "
            "of text)",
        )
    return extracted


def document_from_record(
    *,
    text: str,
    origin: str,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: str | date | None = None,
    html: bool = False,
    settings: Settings,
    language: str | None = None,
    flags: Sequence[str] = (),
) -> Document | Rejected:
    """Build a Document from one article (plain text, or HTML when ``html``), or reject it.

    The publication date comes from ``published`` (METADATA), else the page's own date for
    HTML (HTML), else a date in the URL (URL), else an estimate from the body (TEXT, flagged
    "date_estimated": the latest full date the text names, a not-before bound); otherwise
    the document is flagged "undated".
    """
    out_flags = list(flags)
    origin = _valid(origin, []) or "?"
    text = _valid(text, out_flags) or ""
    title, url, source, language = (_valid(v, out_flags) for v in (title, url, source, language))
    if isinstance(published, str):
        published = _valid(published, out_flags)
    if not text.strip():
        return Rejected(origin, "E101", f"{origin}: empty document (no text, or only whitespace)")
    html_date: date | None = None
    body = text
    if html:
        extracted = _html_document(text, origin, url, settings, out_flags)
        if isinstance(extracted, Rejected):
            return extracted
        body = extracted.text
        title = title or extracted.title
        source = source or extracted.sitename
        url = url or extracted.url
        if parse_date(published) is None:
            html_date = date_from_html(text)
    if len(body) > settings.max_doc_chars:
        return Rejected(
            origin,
            "E104",
            f"{origin}: {len(body):,} characters, "
            f"more than max_doc_chars={settings.max_doc_chars:,}",
        )
    cleaned = clean_text(body)
    if len(cleaned) < settings.min_doc_chars:
        return Rejected(
            origin,
            "E103",
            f"{origin}: only {len(cleaned)} characters after boilerplate removal "
            f"(min_doc_chars={settings.min_doc_chars})",
        )
    pub = parse_date(published)
    if published is not None and pub is None and str(published).strip():
        out_flags.append("unparsed_date")
    if pub is not None:
        source_of_date = DateSource.METADATA
    elif html_date is not None:
        pub, source_of_date = html_date, DateSource.HTML
    elif (url_date := date_from_url(url)) is not None:
        pub, source_of_date = url_date, DateSource.URL
    elif (text_date := date_from_text(cleaned)) is not None:
        # a not-before bound: the latest full date the body names (see date_from_text)
        pub, source_of_date = text_date, DateSource.TEXT
        out_flags.append("date_estimated")
    else:
        source_of_date = DateSource.NONE
        out_flags.append("undated")
    return Document(
        doc_id=Document.make_id(cleaned),
        text=cleaned,
        origin=origin,
        title=_clean_field(title),
        url=_clean_field(url),
        source=_clean_field(source),
        published=pub,
        date_source=source_of_date,
        language=(language or "en").strip() or "en",
        flags=tuple(dict.fromkeys(out_flags)),
    )


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def first_str(record: Mapping[str, Any], keys: Iterable[str]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    return None


def record_to_document(
    record: Mapping[str, Any], *, origin: str, settings: Settings, flags: Sequence[str] = ()
) -> Document | Rejected:
    """A record of a JSON Lines or CSV dump (keys case-insensitive) into a Document."""
    record = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    text = next(
        (record[k] for k in TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()),
        None,
    )
    is_html = False
    if text is None:
        text = next(
            (record[k] for k in HTML_KEYS if isinstance(record.get(k), str) and record[k].strip()),
            None,
        )
        is_html = text is not None
    if text is None:
        present = [k for k in (*TEXT_KEYS, *HTML_KEYS) if k in record]
        detail = f"field {present[0]!r} is empty or not a string" if present else "no text field"
        return Rejected(
            origin,
            "E108",
            f"{origin}: record without text ({detail}; expected one of text, content, body, html)",
        )
    return document_from_record(
        text=text,
        origin=origin,
        title=first_str(record, TITLE_KEYS),
        url=first_str(record, URL_KEYS),
        source=first_str(record, SOURCE_KEYS),
        published=first_str(record, DATE_KEYS),
        html=is_html,
        settings=settings,
        language=first_str(record, LANGUAGE_KEYS),
        flags=flags,
    )
