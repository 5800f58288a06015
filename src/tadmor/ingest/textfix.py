"""Bytes and names made into valid text before they go anywhere.

- :func:`decode_bytes`: UTF-8 (with or without BOM), UTF-16 and UTF-32 (with or without BOM),
  else cp1252 / latin-1; binary data is refused (None). Undecodable bytes are replaced and the
  document flagged (``repaired:undecodable``); a fallback decoding is flagged
  (``decoded:cp1252``).
- :func:`valid_text`: lone surrogates (``"\\ud800"`` escaped in JSON) and control characters
  other than whitespace become U+FFFD, flagged; nothing else changes.
- :func:`display_path`: a file name as valid text; bytes that are not UTF-8 are shown as
  ``\\xe9`` escapes (and :func:`path_flags` flags the document ``repaired:file_name``).
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Decoded",
    "decode_bytes",
    "detect_wide_encoding",
    "display_path",
    "looks_binary",
    "path_flags",
    "valid_text",
]

SNIFF = 8192
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13)) + b"\x7f"
_ASCII = bytes(range(128))
# lone surrogates, and C0 controls / DEL other than tab, line feed, vertical tab, form feed, CR
_INVALID = re.compile(r"[\ud800-\udfff]|[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    flags: tuple[str, ...] = ()


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[: 4 * SNIFF]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > 0.05


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _zero_share(sample: bytes, offset: int, step: int) -> float:
    part = sample[offset::step]
    return part.count(0) / len(part) if part else 0.0


def detect_wide_encoding(head: bytes) -> tuple[str, int] | None:
    """``(codec, BOM length)`` for UTF-16/32 text (with or without a byte-order mark), or a
    UTF-8 BOM; None for single-byte-compatible data (UTF-8, cp1252, latin-1) and binary."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    sample = head[: 4 * SNIFF]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 4]
    candidates: list[str] = []
    # UTF-32: the top byte is always zero, the next one almost always (BMP text)
    if _zero_share(sample, 3, 4) == 1.0 and _zero_share(sample, 2, 4) > 0.9:
        candidates.append("utf-32-le")
    if _zero_share(sample, 0, 4) == 1.0 and _zero_share(sample, 1, 4) > 0.9:
        candidates.append("utf-32-be")
    # UTF-16: spaces and Latin letters leave a zero in every other byte
    odd, even = _zero_share(sample, 1, 2), _zero_share(sample, 0, 2)
    if odd > 0.1 and even < 0.02:
        candidates.append("utf-16-le")
    if even > 0.1 and odd < 0.02:
        candidates.append("utf-16-be")
    for name in candidates:
        try:
            text = codecs.getincrementaldecoder(name)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if not _INVALID.search(text):
            return name, 0
    return None


def decode_bytes(data: bytes) -> Decoded | None:
    """Decode file bytes; None for binary data (NUL or control bytes, or mostly undecodable)."""
    wide = detect_wide_encoding(data[: 4 * SNIFF])
    if wide is not None:
        name, bom = wide
        text = data[bom:].decode(name, errors="replace")
        flags = (
            () if name == "utf-8" else (f"decoded:{name.removesuffix('-le').removesuffix('-be')}",)
        )
        if text.count("\ufffd") != data[bom:].decode(name, errors="ignore").count("\ufffd"):
            flags = (*flags, "repaired:undecodable")
        if name != "utf-8" and looks_binary(text.encode("utf-8", "replace")):
            return None
        return Decoded(text, flags)
    if looks_binary(data):
        return None
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    sample = data[: 4 * SNIFF]
    as_utf8 = data.decode("utf-8", errors="replace")
    bad = as_utf8.count("\ufffd")
    wide_chars = len(as_utf8) - len(as_utf8.encode("ascii", "ignore").decode())
    if bad <= max(1, (wide_chars - bad) // 10) and wide_chars > bad:
        # UTF-8 with a few broken bytes: keep it UTF-8, mark the repair
        return Decoded(as_utf8, ("repaired:undecodable",))
    high = len(sample.translate(None, _ASCII))  # bytes >= 0x80
    if high / len(sample) > 0.3:
        return None  # mostly undecodable: not text in a Western single-byte encoding either
    try:
        return Decoded(data.decode("cp1252"), ("decoded:cp1252",))
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), ("decoded:latin-1",))


def valid_text(value: str) -> tuple[str, tuple[str, ...]]:
    """``value`` with lone surrogates and control characters replaced by U+FFFD, and the flags
    that say so (empty when nothing was replaced)."""
    if _INVALID.search(value) is None:
        return value, ()
    flags: list[str] = []
    if re.search(r"[\ud800-\udfff]", value):
        flags.append("repaired:surrogates")
    if re.search(r"[\x00-\x08\x0e-\x1f\x7f]", value):
        flags.append("repaired:control_characters")
    return _INVALID.sub("\ufffd", value), tuple(flags)


def display_path(path: Path | str) -> str:
    """A path as valid, printable text: bytes of a file name that are not UTF-8, and control
    characters (ANSI escapes, line breaks), shown as ``\\xNN`` escapes."""
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = os.fsencode(name).decode("utf-8", errors="backslashreplace")
        name = re.sub(r"[\ud800-\udfff]", "\ufffd", name)
    return _NAME_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", name)


_NAME_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def path_flags(path: Path | str) -> tuple[str, ...]:
    return () if display_path(path) == os.fspath(path) else ("repaired:file_name",)
