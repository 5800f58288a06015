"""Text from inputs made safe to print on a terminal.

File names and report text may carry ANSI escape sequences (which recolour, move the cursor,
clear the screen or set the window title) and other control characters. :func:`safe` drops
escape sequences and shows every other control character as a visible ``\\xNN`` escape.
"""

from __future__ import annotations

import re

__all__ = ["safe"]

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-character ESC sequences, and
# their 8-bit forms (CSI U+009B, OSC U+009D)
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x1b"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROLS_NO_NL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe(text: object, *, newlines: bool = False) -> str:
    """``text`` without escape sequences and with control characters (line breaks too, unless
    ``newlines``; also Unicode bidirectional overrides) shown as ``\\xNN`` / ``\\uNNNN``."""
    s = _ESCAPES.sub("", str(text))
    pattern = _CONTROLS if newlines else _CONTROLS_NO_NL
    return pattern.sub(_visible, s)


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
