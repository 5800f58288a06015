"""Tests of the ingest stage: readers, sidecar metadata, bad input, boilerplate, dates, dedup."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tadmor.ingest import clean_text, dedup_documents, document_from_record, read_inputs
from tadmor.ingest.dedup import jaccard, shingles
from tadmor.ingest.pubdate import date_from_html, date_from_url, parse_date
from tadmor.ingest.readers import MAX_FILE_BYTES, decode_bytes
from tadmor.model import DateSource, Document, Rejected
from tadmor.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
S = Settings()

BODY = (
    "Rebel units shelled the outskirts of the river town of Dalmar on Sunday, "
    "and the army answered with air strikes on the hills to the east, residents said."
)


def _read(*paths: Path | str, settings_: Settings = S) -> list[Document | Rejected]:
    return list(read_inputs(list(paths), settings=settings_))


def _docs(items: list[Document | Rejected]) -> list[Document]:
    return [d for d in items if isinstance(d, Document)]


def _rejected(items: list[Document | Rejected]) -> list[Rejected]:
    return [d for d in items if isinstance(d, Rejected)]


def _only(items: list[Document | Rejected]) -> Document | Rejected:
    assert len(items) == 1, items
    return items[0]


# --- readers ----------------------------------------------------------------------------------


def test_folder_with_sidecar_metadata() -> None:
    items = _read(FIXTURES / "folder")
    docs = {Path(d.origin).name: d for d in _docs(items)}
    assert sorted(docs) == ["report_a.txt", "report_b.md", "report_c.txt"]  # sidecar not a doc
    a, b, c = docs["report_a.txt"], docs["report_b.md"], docs["report_c.txt"]
    assert (a.published, a.date_source) == (date(2019, 4, 3), DateSource.METADATA)
    assert (a.title, a.source) == ("Militia enters Karvesh", "Example Wire")
    assert a.url == "https://news.example.org/world/karvesh-militia"
    assert (b.published, b.date_source) == (date(2018, 3, 12), DateSource.METADATA)
    assert c.published is None and c.date_source is DateSource.NONE and "undated" in c.flags
    (bad,) = _rejected(items)
    assert bad.code == "E106" and bad.origin.endswith("notes.xyz") and "notes.xyz" in bad.reason


def test_folder_order_is_sorted_and_recursive() -> None:
    origins = [Path(d.origin).relative_to(FIXTURES).as_posix() for d in _read(FIXTURES)]
    assert origins[0] == "article.html"
    assert origins.index("folder/report_a.txt") < origins.index("records.csv:2")
    assert origins == [
        Path(d.origin).relative_to(FIXTURES).as_posix() for d in _read(str(FIXTURES))
    ]


def test_sidecar_applies_to_a_file_named_alone() -> None:
    doc = _only(_read(FIXTURES / "folder" / "report_a.txt"))
    assert isinstance(doc, Document) and doc.published == date(2019, 4, 3)
    assert _read(FIXTURES / "folder" / "metadata.jsonl") == []


def test_malformed_sidecar_line_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY + " Again.", encoding="utf-8")
    (tmp_path / "metadata.jsonl").write_text(
        '{"file": "a.txt", "published": "2016-03-27"}\n{broken\n', encoding="utf-8"
    )
    items = _read(tmp_path)
    bad = _rejected(items)
    assert [(b.code, b.origin) for b in bad] == [("E105", f"{tmp_path / 'metadata.jsonl'}:2")]
    dates = {Path(d.origin).name: d.published for d in _docs(items)}
    assert dates == {"a.txt": date(2016, 3, 27), "b.txt": None}


def test_blank_jsonl_is_empty(tmp_path: Path) -> None:
    f = tmp_path / "blank.jsonl"
    f.write_text("\n  \n", encoding="utf-8")
    assert [r.code for r in _rejected(_read(f))] == ["E101"]


def test_boilerplate_removed_from_plain_file() -> None:
    doc = next(d for d in _docs(_read(FIXTURES / "folder")) if d.origin.endswith("report_a.txt"))
    assert doc.text.startswith("Fighters of the Northern Shield")  # label and caption gone
    for marker in ("REUTERS/", "Share this article", "Tweet", "Email", "Middle East"):
        assert marker not in doc.text
    for marker in ("donate", "Become a member", "depends on you"):
        assert marker not in doc.text
    assert doc.text.endswith("according to a video posted online.")
    assert "A hospital official said at least seven people were killed." in doc.text


def test_photo_by_caption_removed() -> None:
    doc = next(d for d in _docs(_read(FIXTURES / "folder")) if d.origin.endswith("report_b.md"))
    assert "Photo by" not in doc.text and "Getty" not in doc.text
    assert doc.text.endswith("before soldiers let them through.")


def test_html_article_and_meta_date() -> None:
    doc = _only(_read(FIXTURES / "article.html"))
    assert isinstance(doc, Document)
    assert (doc.published, doc.date_source) == (date(2017, 9, 14), DateSource.HTML)
    assert doc.title == "Drone strike hits fuel depot near Veska"
    assert doc.source == "Example Daily"
    assert "fuel depot on the outskirts of Veska" in doc.text
    assert "Sport" not in doc.text and "All rights reserved" not in doc.text


def test_html_date_metadata_wins_and_never_today() -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    doc = document_from_record(text=html, origin="x", html=True, published="2017-09-13", settings=S)
    assert isinstance(doc, Document) and doc.date_source is DateSource.METADATA
    assert doc.published == date(2017, 9, 13)
    undated = html.replace('content="2017-09-14T08:15:00+03:00"', 'content="soon"')
    doc = document_from_record(text=undated, origin="x", html=True, settings=S)
    assert isinstance(doc, Document)
    assert doc.published is None and doc.date_source is DateSource.NONE
    assert "undated" in doc.flags
    assert date_from_html(undated) is None


def test_html_without_article_is_e107(tmp_path: Path) -> None:
    for i, html in enumerate(
        ["<html><head><title>t</title></head><body></body></html>", "<nav><a>Home</a></nav>"]
    ):
        f = tmp_path / f"p{i}.htm"
        f.write_text(html, encoding="utf-8")
        bad = _only(_read(f))
        assert isinstance(bad, Rejected) and bad.code == "E107" and str(f) in bad.reason


def test_jsonl_reader() -> None:
    items = _read(FIXTURES / "records.jsonl")
    by_line = {d.origin.rsplit(":", 1)[1]: d for d in items}
    assert sorted(by_line) == ["1", "2", "3", "4", "5"]
    one, two, three, four, five = (by_line[k] for k in "12345")
    assert isinstance(one, Document) and one.title == "Police post attacked"
    assert (one.published, one.source) == (date(2020, 6, 6), "Example Wire")
    assert isinstance(two, Rejected) and two.code == "E105"
    assert two.origin == f"{FIXTURES / 'records.jsonl'}:2" and two.origin in two.reason
    assert isinstance(three, Document)  # "content" key; the line after a broken one is read
    assert (three.published, three.date_source) == (date(2021, 2, 11), DateSource.URL)
    assert isinstance(four, Rejected) and four.code == "E108"
    assert isinstance(five, Document) and five.published == date(2020, 5, 5)


def test_jsonl_html_record_and_non_object(tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    f = tmp_path / "dump.ndjson"
    lines = [
        json.dumps({"html": html, "url": "https://e.org/a"}),
        "[1, 2]",
        json.dumps({"text": 5}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc, arr, num = _read(f)
    assert isinstance(doc, Document) and doc.date_source is DateSource.HTML
    assert isinstance(arr, Rejected) and arr.code == "E105"
    assert isinstance(num, Rejected) and num.code == "E108"


def test_csv_reader() -> None:
    items = _read(FIXTURES / "records.csv")
    origins = [d.origin.rsplit(":", 1)[1] for d in items]
    assert origins == ["2", "3", "6"]  # record 2 spans lines 3-5
    first, second, third = items
    assert isinstance(first, Document) and first.title == "Curfew lifted"
    assert first.url == "https://example.com/salvio" and first.published == date(2018, 11, 23)
    assert isinstance(second, Document) and second.published == date(2018, 11, 23)  # 23/11/2018
    assert "\n\nAid workers said" in second.text
    assert isinstance(third, Rejected) and third.code == "E108"


def test_csv_without_text_column_or_empty(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("title,url\nx,https://e.org\n", encoding="utf-8")
    assert [r.code for r in _rejected(_read(f))] == ["E108"]
    g = tmp_path / "b.csv"
    g.write_text("\n\n", encoding="utf-8")
    assert [r.code for r in _rejected(_read(g))] == ["E101"]


# --- bad input --------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    f = tmp_path / name
    f.write_bytes(data)
    return f


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "E101"),
        ("blank.md", b"  \n\t\r\n  ", "E101"),
        ("nul.txt", b"some text\x00\x01\x02 more" * 20, "E102"),
        ("noise.txt", bytes(random.Random(1).randrange(128, 256) for _ in range(4000)), "E102"),
        ("short.txt", b"Share story\n\nToo short.", "E103"),
        ("file.pdf", b"%PDF-1.4 whatever", "E106"),
        ("noext", BODY.encode(), "E106"),
    ],
)
def test_bad_input_codes(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    f = _write(tmp_path, name, data)
    bad = _only(_read(f))
    assert isinstance(bad, Rejected) and bad.code == code
    assert bad.origin == str(f) and str(f) in bad.reason


def test_too_large(tmp_path: Path) -> None:
    small = Settings(min_doc_chars=10, max_doc_chars=100)
    bad = _only(_read(_write(tmp_path, "long.txt", (BODY * 3).encode()), settings_=small))
    assert isinstance(bad, Rejected) and bad.code == "E104" and "max_doc_chars" in bad.reason
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: no 50 MB written
        fh.truncate(MAX_FILE_BYTES + 1)
    bad = _only(_read(huge))
    assert isinstance(bad, Rejected) and bad.code == "E104"


def test_unreadable_and_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = _write(tmp_path, "locked.txt", BODY.encode())
    ok = _write(tmp_path, "other.txt", BODY.encode() + b" More.")

    def deny(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", deny)
    items = _read(tmp_path, tmp_path / "missing.txt")
    codes = [(Path(i.origin).name, i.code if isinstance(i, Rejected) else "doc") for i in items]
    assert codes == [("locked.txt", "E109"), ("other.txt", "doc"), ("missing.txt", "E109")]
    assert str(f) in items[0].reason  # type: ignore[union-attr]
    assert ok.exists()


def test_fallback_decodings(tmp_path: Path) -> None:
    text = "The mayor’s office said the bridge at Kolno was hit — twice — by shelling overnight."
    cp = _read(_write(tmp_path, "cp.txt", text.encode("cp1252")))
    doc = _only(cp)
    assert isinstance(doc, Document) and doc.text == text and "decoded:cp1252" in doc.flags
    bom = _only(_read(_write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + text.encode())))
    assert isinstance(bom, Document) and bom.text == text and bom.flags == ("undated",)
    u16 = _only(_read(_write(tmp_path, "u16.txt", text.encode("utf-16"))))
    assert isinstance(u16, Document) and u16.text == text
    latin = decode_bytes(b"Nablus \x81\x8d quarter, " * 5)  # undefined in cp1252
    assert latin is not None and latin.flags == ("decoded:latin-1",)


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-05-22", date(2015, 5, 22)),
        ("2015-05-22T23:30:00-05:00", date(2015, 5, 22)),
        ("2015/05/22", date(2015, 5, 22)),
        ("20150522", date(2015, 5, 22)),
        ("22 May 2015", date(2015, 5, 22)),
        ("May 22, 2015", date(2015, 5, 22)),
        ("22/05/2015", date(2015, 5, 22)),
        ("05/22/2015", date(2015, 5, 22)),
        ("Fri, 22 May 2015 10:00:00 GMT", date(2015, 5, 22)),
        (date(2015, 5, 22), date(2015, 5, 22)),
        ("yesterday", None),
        ("soon", None),
        ("2015-13-40", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | date | None, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_parse_date_rejects_far_future() -> None:
    assert parse_date((date.today() + timedelta(days=400)).isoformat()) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/world/2015/05/22/palm-trees/", date(2015, 5, 22)),
        ("https://example.com/2016/3/7/story.html", date(2016, 3, 7)),
        ("https://example.com/news/story-2016-03-27.html", date(2016, 3, 27)),
        ("https://example.com/20161212/story", date(2016, 12, 12)),
        ("https://example.com/2015/05/story", None),
        ("https://example.com/2015/13/40/story", None),
        ("https://example.com/item/12345678", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: date | None) -> None:
    assert date_from_url(url) == expected


def test_undated_and_bad_metadata_date() -> None:
    doc = document_from_record(text=BODY, origin="o", published="sometime", settings=S)
    assert isinstance(doc, Document)
    assert doc.published is None and doc.date_source is DateSource.NONE
    assert set(doc.flags) == {"undated", "unparsed_date"}


# --- ids ----------------------------------------------------------------------------------------


def test_ids_are_deterministic_content_hashes() -> None:
    first = {d.origin: d.doc_id for d in _docs(_read(FIXTURES))}
    second = {d.origin: d.doc_id for d in _docs(_read(FIXTURES))}
    assert first == second and len(set(first.values())) == len(first)
    for d in _docs(_read(FIXTURES)):
        assert d.doc_id == Document.make_id(d.text)
    a = document_from_record(text=BODY, origin="a", settings=S)
    b = document_from_record(text="Share story\n\n" + BODY + "\r\n", origin="b", settings=S)
    assert isinstance(a, Document) and isinstance(b, Document) and a.doc_id == b.doc_id


# --- boilerplate ------------------------------------------------------------------------------

_BODY2 = "The convoy then moved north towards the border crossing, officials said on Tuesday."


@pytest.mark.parametrize(
    "line",
    [
        "Share story",
        "Share this article",
        "Share on Facebook",
        "Tweet",
        "Email",
        "Share on Twitter | Share via Email",
        "Facebook Twitter WhatsApp",
    ],
)
def test_share_lines_dropped(line: str) -> None:
    assert clean_text(f"{BODY}\n\n{line}\n\n{_BODY2}") == f"{BODY}\n\n{_BODY2}"


@pytest.mark.parametrize(
    "line",
    [
        "Soldiers walk past a damaged mosque in Dalmar, May 3, 2016. REUTERS/Jane Example",
        "A fighter looks on from a rooftop. (AFP/Getty Images)",
        "Smoke rises over the hills. Photograph: John Doe/AFP/Getty Images",
        "Residents queue for bread in the old city (AP Photo/Alex Sample)",
        "Photo: a handout picture released by the army press office",
        "Displaced families arrive at the camp. (Photo by Sam Sample/Anadolu Agency)",
        "Fighters ride in a pickup truck. John Doe/AFP",
    ],
)
def test_caption_lines_dropped(line: str) -> None:
    assert clean_text(f"{BODY}\n{line}\n\n{_BODY2}") == f"{BODY}\n\n{_BODY2}"


def test_body_mentioning_agencies_is_kept() -> None:
    text = (
        "A Reuters/Ipsos poll found most respondents opposed the deployment.\n\n"
        "AFP reported that the army had regained the airport."
    )
    assert clean_text(text) == text


@pytest.mark.parametrize("label", ["Syria", "World News", "News > Middle East", "Middle East"])
def test_leading_section_labels_dropped(label: str) -> None:
    assert clean_text(f"{label}\n\n{BODY}") == BODY
    assert clean_text(f"{label}\n{BODY}\n\n{_BODY2}") == f"{BODY}\n\n{_BODY2}"


def test_labels_kept_in_the_body_and_when_alone() -> None:
    text = f"{BODY}\n\nSyria\n\n{_BODY2}"
    assert clean_text(text) == text  # only at the top
    assert clean_text("World News") == "World News"  # no body follows: nothing to strip
    assert clean_text(f"BEIRUT\n\n{BODY}") == f"BEIRUT\n\n{BODY}"  # a dateline, not a label


def test_donation_appeal_dropped() -> None:
    appeal = (
        "Your support matters.\n\n"
        "Reporting from the front line is expensive and takes time.\n\n"
        "If you can, donate to our newsroom today. Become a member for the price of a coffee.\n\n"
        "Every contribution, large or small, keeps us going. Subscribe to our newsletter."
    )
    assert clean_text(f"{BODY}\n\n{_BODY2}\n\n{appeal}") == f"{BODY}\n\n{_BODY2}"


def test_quoted_or_reported_donations_kept() -> None:
    text = (
        f"{BODY}\n\n"
        '"We need donations to keep the clinic open," the director said on Monday.\n\n'
        "The charity said it had received contributions from several governments."
    )
    assert clean_text(text) == text


def test_duplicate_paragraph_dropped_only_when_identical() -> None:
    text = f"{BODY}\n\nShare story\n\n{BODY}\n\n{_BODY2}"
    assert clean_text(text) == f"{BODY}\n\n{_BODY2}"
    spaced = BODY.replace(" ", "  ", 3)
    assert clean_text(f"{BODY}\n\n{spaced}") == BODY
    near = BODY.replace("Sunday", "Monday")
    assert clean_text(f"{BODY}\n\n{near}") == f"{BODY}\n\n{near}"


def test_whitespace_normalisation() -> None:
    raw = f"{BODY}   \r\n\r\n\r\n\r\n{_BODY2}\t\r\n"
    assert clean_text(raw) == f"{BODY}\n\n{_BODY2}"
    assert clean_text("") == "" and clean_text(" \n\t\n") == ""


_LINES = st.sampled_from(
    [
        "",
        "",
        "Share story",
        "Tweet",
        "Syria",
        "World News",
        "BEIRUT",
        "REUTERS/Jane Example",
        "A man walks past rubble. AFP/Getty Images",
        "Become a member.",
        "Your support matters.",
        "Donate today to support our journalism.",
        "Short line.",
        BODY,
        _BODY2,
        '"Please donate," he said.',
        "  indented line  ",
        "\r",
        "\t",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(_LINES, max_size=25).map("\n".join)))
def test_clean_text_never_raises_and_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\r" not in once
    assert all(line == line.rstrip() for line in once.split("\n"))


# --- dedup ------------------------------------------------------------------------------------


def _doc(text: str, origin: str) -> Document:
    doc = document_from_record(text=text, origin=origin, settings=S)
    assert isinstance(doc, Document)
    return doc


def _article(rng: random.Random, n: int = 300) -> str:
    words = [f"w{rng.randrange(5000)}" for _ in range(n)]
    return " ".join(words) + "."


def test_dedup_exact_and_near() -> None:
    rng = random.Random(7)
    base = _article(rng)
    words = base.split()
    words[150] = "changed"
    near = " ".join(words)
    other = _article(rng)
    items = list(
        dedup_documents(
            [
                _doc(base, "a.txt"),
                Rejected("x", "E101", "x: empty"),
                _doc(base, "b.txt"),
                _doc(near, "c.txt"),
                _doc(other, "d.txt"),
            ],
            threshold=0.9,
        )
    )
    kinds = [(i.origin, i.code if isinstance(i, Rejected) else "doc") for i in items]
    assert kinds == [
        ("a.txt", "doc"),
        ("x", "E101"),
        ("b.txt", "W201"),
        ("c.txt", "W201"),
        ("d.txt", "doc"),
    ]
    first = items[0]
    assert isinstance(first, Document)
    exact, close = items[2], items[3]
    assert isinstance(exact, Rejected) and exact.reason.startswith(
        f"{exact.origin}: near-duplicate of {first.doc_id} (a.txt), Jaccard 1.00"
    )
    assert isinstance(close, Rejected) and close.reason.startswith(
        f"{close.origin}: near-duplicate of {first.doc_id} (a.txt), Jaccard 0.9"
    )
    j = jaccard(shingles(base), shingles(near))
    assert 0.9 < j < 1
    assert f"{j:.2f}" in close.reason
    # a stricter threshold keeps the edited copy
    kept = list(dedup_documents([_doc(base, "a"), _doc(near, "c")], threshold=0.99))
    assert all(isinstance(d, Document) for d in kept)
    with pytest.raises(ValueError):
        list(dedup_documents([], threshold=0))


def test_dedup_matches_brute_force() -> None:
    rng = random.Random(11)
    texts: list[str] = []
    for _ in range(60):
        if texts and rng.random() < 0.5:
            words = rng.choice(texts).split()
            for _ in range(rng.randrange(0, 8)):
                words[rng.randrange(len(words))] = f"x{rng.randrange(100)}"
            texts.append(" ".join(words))
        else:
            texts.append(_article(rng, rng.randrange(20, 120)))
    docs = [_doc(t, f"{i}.txt") for i, t in enumerate(texts)]
    threshold = 0.8
    out = list(dedup_documents(docs, threshold=threshold))
    kept: list[Document] = []
    expected: list[str] = []
    for d in docs:
        dup = any(jaccard(shingles(d.text), shingles(k.text)) >= threshold for k in kept)
        expected.append("W201" if dup else "doc")
        if not dup:
            kept.append(d)
    got = [o.code if isinstance(o, Rejected) else "doc" for o in out]
    assert got == expected and "W201" in got and "doc" in got


def test_dedup_compares_each_document_with_few_others(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts work, not time (the suite runs on busy machines): with prefix filtering a
    document is compared with the few earlier ones sharing a prefix shingle, not with all."""
    from tadmor.ingest import dedup

    compared: list[int] = []
    original = dedup._best_match

    def counting(hashes, *, threshold, kept, index):  # type: ignore[no-untyped-def]
        prefix = hashes[: dedup._prefix_length(len(hashes), threshold)]
        compared.append(len({p for h in prefix for p in index.get(h, ())}))
        return original(hashes, threshold=threshold, kept=kept, index=index)

    monkeypatch.setattr(dedup, "_best_match", counting)
    rng = random.Random(3)
    docs = [_doc(_article(rng, 400), f"{i}.txt") for i in range(3000)]
    docs += docs[:50]
    out = list(dedup_documents(docs, threshold=0.9))
    assert sum(isinstance(o, Rejected) for o in out) == 50
    assert len(compared) == 3000  # exact duplicates are found by id, without comparing
    assert sum(compared) < 3 * 3000, sum(compared)  # all pairs would be 4.5 million


# --- the seed reports ---------------------------------------------------------------------------


def test_seed_reports() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not available")
    meta = {}
    for line in (seeds / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            meta[entry["file"]] = date.fromisoformat(entry["published"])
    docs = _docs(_read(seeds))
    assert len(docs) == 3
    assert {Path(d.origin).name: d.published for d in docs} == meta
    assert all(d.date_source is DateSource.METADATA for d in docs)
    for d in docs:
        for marker in ("Share story", "REUTERS/", "Become a member", "Your support", "donat"):
            assert marker not in d.text, (d.origin, marker)
        first_line = d.text.split("\n", 1)[0]
        assert len(first_line.split()) > 5, (d.origin, first_line)  # no leading section label
        assert len(d.text) > 3000
