"""A generator of hostile input files of every supported type, mixed with valid reports.

``generate(root, seed=..., scale=...)`` writes files under ``root`` and returns a Manifest: for
every input (a file, or one line/row of a dump) whether it is a valid report that must be
stored, or hostile input that must be rejected with one of the expected codes. Some inputs are
hostile in form but carry a valid report (UTF-16 without a BOM, lone surrogates, a file name
that is not UTF-8, ANSI escapes in the name): those must be stored, repaired and flagged.

The valid reports are written here, about invented places and armed groups; every one differs
from the others in most of its 5-word shingles, so none is a near-duplicate of another.
Used by tests/test_hostile.py and bench/bench_hostile.py.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Manifest", "generate"]

_GROUPS = (
    "the Varn Liberation Front",
    "militiamen of the Oskel Brigade",
    "government troops",
    "the Southern Hill Guard",
    "fighters of the Tarsen Movement",
    "police units",
    "the Coastal Defence Corps",
    "rebels of the Ninth Column",
)
_PLACES = (
    "Brevik",
    "Ulmara",
    "Kestovo",
    "Pardan",
    "Selwick",
    "Onra",
    "Dravanek",
    "Mirholm",
    "Tazuleh",
    "Quarren",
)
_ACTS = (
    "shelled the outskirts of",
    "attacked a checkpoint near",
    "clashed with {other} in",
    "fired rockets at the market of",
    "took control of the bridge at",
    "withdrew from the villages around",
    "ambushed a supply convoy outside",
    "raided houses in",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TAILS = (
    "residents said by telephone",
    "a local council official told reporters",
    "according to a statement from the regional governor",
    "witnesses said",
    "a hospital director said",
    "the group said on its channel",
)


def valid_report(rng: random.Random, serial: int) -> str:
    """A short news report (4-6 sentences) about invented places; distinct for each serial."""
    sentences = []
    for _ in range(rng.randint(4, 6)):
        group, other = rng.sample(_GROUPS, 2)
        act = rng.choice(_ACTS).format(other=other)
        place = rng.choice(_PLACES)
        n = rng.randint(2, 40)
        sentences.append(
            f"{group[0].upper() + group[1:]} {act} {place} on {rng.choice(_DAYS)}, "
            f"and {n} people were killed, {rng.choice(_TAILS)}."
        )
    words = " ".join(
        rng.choice(("grain", "water", "fuel", "road", "school", "power")) for _ in range(6)
    )
    sentences.insert(1, f"Report number {serial} notes shortages of {words} in the area.")
    return " ".join(sentences)


@dataclass
class Manifest:
    valid: set[str] = field(default_factory=set)  # origins that must be stored
    hostile: dict[str, set[str]] = field(default_factory=dict)  # origin -> acceptable codes
    categories: dict[str, int] = field(default_factory=dict)

    def count(self, category: str, n: int = 1) -> None:
        self.categories[category] = self.categories.get(category, 0) + n

    @property
    def total(self) -> int:
        return len(self.valid) + len(self.hostile)


class _Writer:
    def __init__(self, root: Path, rng: random.Random, manifest: Manifest) -> None:
        self.root = root
        self.rng = rng
        self.m = manifest
        self.serial = 0

    def report(self) -> str:
        self.serial += 1
        return valid_report(self.rng, self.serial)

    def file(self, rel: str | bytes, data: bytes) -> str:
        path = os.path.join(os.fsencode(self.root), rel if isinstance(rel, bytes) else rel.encode())
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        return os.fsdecode(path)

    def hostile(self, category: str, rel: str, data: bytes, *codes: str) -> None:
        self.m.hostile[self.file(rel, data)] = set(codes)
        self.m.count(category)

    def valid(
        self, category: str, rel: str | bytes, data: bytes, origin: str | None = None
    ) -> None:
        path = self.file(rel, data)
        self.m.valid.add(origin or path)
        self.m.count(category)


def _rand_name(rng: random.Random, k: int = 8) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(k))


def _plain_files(w: _Writer, n: int) -> None:
    rng = w.rng
    for i in range(n):
        w.valid(
            "valid .txt/.md", f"valid/r{i:04d}.{rng.choice(('txt', 'md'))}", w.report().encode()
        )
    for i in range(max(1, n // 4)):
        html = f"<html><head><title>Report {i}</title></head><body><article><p>{w.report()}</p>"
        html += f"<p>{w.report()}</p></article></body></html>"
        w.valid("valid .html", f"valid/page{i:03d}.html", html.encode())


def _binary_and_empty(w: _Writer, n: int) -> None:
    rng = w.rng
    exts = ("txt", "md", "html", "htm")
    for i in range(n):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(64, 4096)))
        if b"\x00" not in data:
            data += b"\x00"
        w.hostile("binary", f"binary/b{i:04d}.{exts[i % 4]}", data, "E102", "E107")
    for i in range(n // 2):
        data = bytes(rng.choice(b"\x01\x02\x03\x04\x1b\x7f abc") for _ in range(2000))
        w.hostile("control bytes", f"binary/c{i:04d}.txt", data, "E102")
    for i in range(n // 2):
        ws = rng.choice((b"", b" ", b"\n\n\t\r\n", b"\xef\xbb\xbf", b"\xff\xfe"))
        ext = ("txt", "md", "html", "jsonl", "csv")[i % 5]
        w.hostile("empty", f"empty/e{i:04d}.{ext}", ws, "E101", "E102", "E107")
    for i in range(n // 4):
        w.hostile("too short", f"short/s{i:04d}.txt", b"Share this\n\nShort.", "E103")
    for i in range(n // 4):
        ext = ("pdf", "docx", "exe", "", "json", "txt~")[i % 6]
        name = f"unsupported/u{i:04d}" + (f".{ext}" if ext else "")
        w.hostile("unsupported type", name, w.report().encode(), "E106")


def _encodings(w: _Writer, n: int) -> None:
    """Valid reports in every encoding trap: each must be stored (flagged), none lost."""
    rng = w.rng
    codecs_ = (
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", b""),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-8", codecs.BOM_UTF8),
        ("cp1252", b""),
    )
    for i in range(n):
        name, bom = codecs_[i % len(codecs_)]
        text = w.report().replace("said", "said \u2019" if name == "cp1252" else "said")
        w.valid(
            f"encoding {name}{' BOM' if bom else ''}", f"enc/t{i:04d}.txt", bom + text.encode(name)
        )
    for i in range(n // 3):  # UTF-8 with a broken byte: kept UTF-8, repaired
        text = w.report() + " Café owners fled."
        data = text.encode().replace(b"fled", b"fl\xffed")
        w.valid("utf-8 with a bad byte", f"enc/bad{i:04d}.txt", data)
    for i in range(n // 3):
        name, bom = codecs_[rng.randrange(7)]
        lines = [json.dumps({"text": w.report(), "title": f"T{i}"}) for _ in range(2)]
        path = w.file(
            f"enc/d{i:04d}.jsonl", bom + "\n".join(lines).encode(name) + "\n".encode(name)
        )
        w.m.valid.update({f"{path}:1", f"{path}:2"})
        w.m.count("encoded .jsonl", 2)
        rows = "text,title\r\n" + "".join(f'"{w.report()}",T{j}\r\n' for j in range(2))
        path = w.file(f"enc/c{i:04d}.csv", bom + rows.encode(name))
        w.m.valid.update({f"{path}:2", f"{path}:3"})
        w.m.count("encoded .csv", 2)


def _json_lines(w: _Writer, n: int) -> None:
    """One dump of n hostile records among valid ones; every line its own verdict."""
    rng = w.rng
    lines: list[tuple[str, set[str] | None, str]] = []
    makers: list[tuple[str, Callable[[], str], set[str]]] = [
        (
            "truncated JSON",
            lambda: json.dumps({"text": w.report()})[: rng.randint(1, 60)],
            {"E105"},
        ),
        ("deep JSON", lambda: "[" * rng.randint(100, 50000) + "]" * rng.randint(0, 100), {"E110"}),
        (
            "deep JSON object",
            lambda: '{"a":' * rng.randint(70, 3000) + "1" + "}" * rng.randint(0, 3000),
            {"E110", "E105"},
        ),
        (
            "huge integer",
            lambda: '{"text": "' + w.report() + '", "n": ' + "7" * rng.randint(4301, 20000) + "}",
            {"E111"},
        ),
        (
            "JSON not an object",
            lambda: rng.choice(("[1, 2]", '"text"', "42", "null", "true")),
            {"E105"},
        ),
        (
            "record without text",
            lambda: json.dumps({"title": "x", "text": rng.choice((None, 3, [], ""))}),
            {"E108"},
        ),
        ("bad escape", lambda: '{"text": "bad \\x escape"}', {"E105"}),
    ]
    for _ in range(n):
        category, make, codes = rng.choice(makers)
        lines.append((make(), codes, category))
        if rng.random() < 0.05:
            lines.append(
                (
                    json.dumps({"text": w.report(), "source": '=HYPERLINK("http://x")'}),
                    None,
                    "valid record",
                )
            )
    # valid records in hostile clothing: lone surrogates in text and title
    for _ in range(max(1, n // 50)):
        rec = '{"text": "' + w.report() + ' \\ud800 and \\udfff.", "title": "\\ud83d"}'
        lines.append((rec, None, "lone surrogates (repaired)"))
    for _ in range(max(1, n // 50)):
        rec = json.dumps({"text": w.report(), "fatalities": 10**40, "published": "2019-02-30"})
        lines.append((rec, None, "odd fields (valid)"))
    path = w.file("dumps/records.jsonl", ("\n".join(text for text, _, _ in lines) + "\n").encode())
    for lineno, (_, codes, category) in enumerate(lines, start=1):
        origin = f"{path}:{lineno}"
        if codes is None:
            w.m.valid.add(origin)
        else:
            w.m.hostile[origin] = codes
        w.m.count(category)


def _csv_files(w: _Writer, n: int) -> None:
    rng = w.rng
    for i in range(n):
        kind = i % 8
        name = f"csv/f{i:04d}.csv"
        if kind == 0:
            w.hostile("CSV header only", name, b"title,text\r\n", "E101")
        elif kind == 1:
            w.hostile("CSV without text column", name, b"a,b,c\n1,2,3\n", "E108")
        elif kind == 2:
            w.hostile(
                "CSV duplicate text columns",
                name,
                f'text,Text\n"{w.report()}",x\n'.encode(),
                "E116",
            )
        elif kind == 3:
            w.hostile(
                "CSV binary",
                name,
                b"text\n" + bytes(rng.randrange(256) for _ in range(3000)) + b"\x00",
                "E102",
            )
        elif kind == 4:  # semicolons and CR line endings: valid
            rows = "title;text\r" + "".join(f"T{j};{w.report()}\r" for j in range(2))
            path = w.file(name, rows.encode())
            w.m.valid.update({f"{path}:2", f"{path}:3"})
            w.m.count("CSV semicolons + CR", 2)
        elif kind == 5:  # ragged rows: a short row lacks text, a long row is read
            rows = f'text,title\n"{w.report()}",a,extra,cells\nonly\n,\n'
            path = w.file(name, rows.encode())
            w.m.valid.add(f"{path}:2")
            w.m.hostile[f"{path}:3"] = {"E103"}
            w.m.count("CSV ragged", 2)
        elif kind == 6:  # an unterminated quote swallows the rest: one malformed record at most
            rows = f'text,title\n"{w.report()}",ok\n"never closed,{w.report()}\n'
            path = w.file(name, rows.encode())
            w.m.valid.add(f"{path}:2")
            w.m.hostile[f"{path}:3"] = {"E103", "E105", "E104", "ANALYSED"}
            w.m.count("CSV unterminated quote", 2)
        else:  # formula cells in a valid report's fields
            rows = f"text,source,title\n\"{w.report()}\",=cmd|'/C calc'!A0,+SUM(A1)\n"
            path = w.file(name, rows.encode())
            w.m.valid.add(f"{path}:2")
            w.m.count("CSV formula cells")


def _html_bombs(w: _Writer, n: int, big: bool) -> None:
    rng = w.rng
    attrs = 200_000 if big else 30_000
    tables = 100_000 if big else 50_000
    bomb = (
        "<html><body><div " + " ".join(f'a{i}="v"' for i in range(attrs)) + "></div></body></html>"
    )
    w.hostile("HTML attribute bomb", "html/attrs.html", bomb.encode(), "E107", "E104", "E113")
    article = f"<p>{w.report()}</p>"
    table_bomb = (
        "<html><body>" + "<table><tr><td>x</td></tr></table>" * tables + article + "</body></html>"
    )
    w.hostile("HTML table bomb", "html/tables.html", table_bomb.encode(), "E104", "E113")
    deep = "<html><body>" + "<div>" * 50_000 + "x" + "</div>" * 50_000 + "</body></html>"
    w.hostile("HTML nesting bomb", "html/deep.html", deep.encode(), "E107", "E104", "E113")
    for i in range(n):
        junk = "".join(
            rng.choice(("<div>", "</p>", "<script>", "<!--", "&amp;", "x", "<a href='", ">"))
            for _ in range(300)
        )
        w.hostile("HTML without article", f"html/junk{i:04d}.html", junk.encode(), "E107", "E103")


def _names_and_links(w: _Writer, n: int) -> None:
    root = w.root
    for i in range(n):
        kind = i % 6
        if kind == 0:
            w.valid(
                "name not UTF-8",
                f"names/caf\xe9{i}".encode("latin-1") + b"\xff.txt",
                w.report().encode(),
            )
        elif kind == 1:
            w.valid(
                "name with ANSI escape", f"names/\x1b[31mred{i}\x1b[0m.txt", w.report().encode()
            )
        elif kind == 2:
            w.valid("name with a line break", f"names/two\nlines{i}.txt", w.report().encode())
        elif kind == 3:
            w.hostile("hidden file", f"names/.hidden{i}.txt", w.report().encode(), "E115")
        elif kind == 4:
            name = ("README.txt", "LICENSE.md", "notice.txt", "CHANGELOG.md", "COPYING")[
                (i // 6) % 5
            ]
            w.hostile("folder documentation", f"names/d{i}/{name}", w.report().encode(), "E115")
        else:
            w.valid(
                "name with spaces and quotes",
                f"names/a \"quoted\" 'name' {i}.txt",
                w.report().encode(),
            )
    links = root / "links"
    links.mkdir(exist_ok=True)
    for i in range(max(1, n // 6)):
        a, b = links / f"loop{i}a.txt", links / f"loop{i}b.txt"
        a.symlink_to(b.name)
        b.symlink_to(a.name)
        w.m.hostile.update({str(a): {"E109"}, str(b): {"E109"}})
        (links / f"dangling{i}.txt").symlink_to(f"missing{i}.txt")
        w.m.hostile[str(links / f"dangling{i}.txt")] = {"E109"}
        w.m.count("symlink loop / dangling", 3)
    (links / "up").symlink_to("..")
    w.m.hostile[str(links / "up")] = {"E115"}
    os.mkfifo(links / "pipe.txt")
    w.m.hostile[str(links / "pipe.txt")] = {"E109"}
    w.m.count("symlink to folder / FIFO", 2)
    if os.geteuid() != 0:  # root reads anything
        locked = Path(w.file("links/locked.txt", w.report().encode()))
        locked.chmod(0)
        w.m.hostile[str(locked)] = {"E109"}
        w.m.count("unreadable")


def _limits(w: _Writer, n: int, big: bool) -> None:
    rng = w.rng
    for i in range(n):
        kind = i % 4
        if kind == 0:  # one endless line
            text = (f"Shelling was heard near ridge {i} " * (7000 if big else 1000)).encode()
            w.hostile("line too long", f"limits/line{i}.txt", text, "E112", "E104")
        elif kind == 1:
            w.hostile(
                "document too large",
                f"limits/big{i}.txt",
                (w.report() + "\n").encode() * 3000,
                "E104",
            )
        elif kind == 2:
            path = w.file(f"limits/huge{i}.jsonl", b'{"text": "' + b"a" * 2_200_000 + b'"}\n')
            w.m.hostile[f"{path}:1"] = {"E104"}
            w.m.count("JSON line too large")
        else:
            data = "text\n" + "".join(f'"{w.report()}"\n' for _ in range(1))
            path = w.file(f"limits/ok{i}.csv", data.encode())
            w.m.valid.add(f"{path}:2")
            w.m.count("valid .csv")
    # pathological but admissible texts: analysed (quickly) or rejected for time, never a hang
    patho = {
        "punctuation run": "!?.,;:" * (4000 if big else 800),
        "nested parentheses": "(" * (20000 if big else 2000) + "x" + ")" * (20000 if big else 2000),
        "one-word lines": "Shelling.\n" * (40000 if big else 3000),
        "repeated particle": "Al " * (60000 if big else 5000),
    }
    for j, (category, text) in enumerate(patho.items()):
        path = w.file(f"limits/patho{j}.txt", (w.report() + "\n" + text + "\n").encode())
        w.m.hostile[path] = {"ANALYSED", "E113", "E112", "E104"}
        w.m.count(category)
    del rng


def generate(
    root: Path, *, seed: int = 17, valid: int = 120, hostile: int = 1000, big: bool = False
) -> Manifest:
    """Write the inputs under ``root``; ``hostile`` sets the size of each hostile family,
    ``big`` uses the full sizes of the issue (200,000 attributes, 40,000 lines...)."""
    rng = random.Random(seed)
    manifest = Manifest()
    w = _Writer(root, rng, manifest)
    _plain_files(w, valid)
    _binary_and_empty(w, hostile // 2)
    _encodings(w, max(9, valid // 3))
    _json_lines(w, hostile)
    _csv_files(w, max(16, hostile // 8))
    _html_bombs(w, max(4, hostile // 20), big)
    _names_and_links(w, max(12, hostile // 20))
    _limits(w, 8, big)
    return manifest
