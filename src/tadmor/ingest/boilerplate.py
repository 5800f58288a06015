"""Plain-text boilerplate removal.

:func:`clean_text` removes the furniture that news sites wrap around an article when it is
copied as plain text, with general rules (nothing tied to one outlet or one report):

* share / social lines ("Share story", "Share on Facebook", "Tweet", "Email"...);
* photo captions: a line that carries a photo credit ("REUTERS/Name", "AFP/Getty Images",
  "AP Photo/...", "Photo: ...", "(Photo by ...)");
* short section labels at the top, before the body ("Syria", "World News", "News > Middle East");
* paragraphs that repeat an earlier paragraph exactly (after whitespace normalisation);
* a trailing donation / membership / newsletter appeal.

Everything else is kept exactly: line endings become ``\\n``, trailing whitespace is stripped,
runs of blank lines collapse to one. The function is idempotent (it iterates its rules to a
fixed point), and every offset later in the pipeline refers to the text it returns.
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "is_caption_line", "is_section_label", "is_share_line"]

# --- share / social lines -------------------------------------------------------------------

_SOCIAL_TRIGGERS = frozenset(
    {
        "share",
        "tweet",
        "email",
        "e-mail",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "reddit",
        "pinterest",
        "telegram",
        "messenger",
        "print",
        "flipboard",
        "tumblr",
        "bluesky",
        "mastodon",
    }
)
_SOCIAL_WORDS = _SOCIAL_TRIGGERS | frozenset(
    {
        "this",
        "the",
        "story",
        "article",
        "post",
        "page",
        "link",
        "copy",
        "copied",
        "on",
        "via",
        "by",
        "to",
        "or",
        "and",
        "x",
        "mail",
        "sms",
        "save",
        "comments",
        "comment",
        "click",
        "opens",
        "in",
        "new",
        "window",
        "google",
        "vk",
        "threads",
        "pocket",
        "options",
        "more",
    }
)
_SOCIAL_TOKEN = re.compile(r"[a-z][a-z+\-]*")
_SOCIAL_ALLOWED = re.compile(r"^[\w\s+\-:|/·•,()&]+$")


def is_share_line(line: str) -> bool:
    """A line made only of share/social-network words, e.g. "Share story" or "Tweet"."""
    s = line.strip()
    if not s or len(s) > 80 or not _SOCIAL_ALLOWED.match(s):
        return False
    tokens = _SOCIAL_TOKEN.findall(s.lower())
    if not tokens or any(t not in _SOCIAL_WORDS for t in tokens):
        return False
    if any(ch.isdigit() for ch in s):
        return False
    return any(t in _SOCIAL_TRIGGERS for t in tokens)


# --- photo captions -------------------------------------------------------------------------

# agencies that write "AGENCY/Photographer" (upper case, as in captions)
_AGENCY_FIRST = r"(?:REUTERS|AFP|AP|EPA(?:-EFE)?|EFE|SANA|TASS|ITAR-TASS|DPA|UPI|IRNA|AA|POOL)"
# agencies that close a credit: "Photographer/AFP", "Name/AFP/Getty Images"
_AGENCY = (
    r"(?:REUTERS|Reuters|AFP|AP|EPA(?:-EFE)?|EFE|Getty Images|Anadolu(?: Agency)?|"
    r"SANA|Xinhua|TASS|ITAR-TASS|dpa|DPA|Sputnik|RIA Novosti|UPI|IRNA|NurPhoto|"
    r"SOPA Images|ZUMA(?: Wire| Press)?|Shutterstock|Alamy|Corbis|Handout|HANDOUT|AA|"
    r"Pool|POOL)"
)
_NAME = r"[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|al|el|de|van|von|bin|ibn))*"
# "REUTERS/Omar Name", "Name/AFP/Getty Images", "AFP via Getty Images" at the end of a line
_CREDIT_AT_END = re.compile(
    rf"(?:\b{_AGENCY_FIRST}\s*/\s*{_NAME}|\b{_NAME}\s*/\s*{_AGENCY}"
    rf"|\b(?:via|/)\s*Getty Images|\b{_AGENCY}\s*/\s*{_AGENCY})\s*[.)\]]?\s*$"
)
_CREDIT_ANYWHERE = re.compile(
    r"\bAP Photos?\s*/|\bAFP\s*/\s*Getty\b|\bAFP via Getty\b|/\s*Getty Images\b"
    r"|\((?:Photos?|Images?|Pictures?)\s*(?:by|credit|:)|\b(?:Photo|Image|Picture)\s+credit\b"
    r"|\b(?:Photo|Photograph|Image|Picture|Credit)s?\s*:\s*\S",
    re.IGNORECASE,
)
_CAPTION_HINT = re.compile(r"/|photo|image|picture|credit|caption", re.IGNORECASE)
_CAPTION_START = re.compile(
    r"^\s*[\[(]?(?:Photo|Photograph|Image|Picture|Photo credit|Credit|Caption|File photo)s?"
    r"\s*(?:by\b|:|\||-\s)",
    re.IGNORECASE,
)


def is_caption_line(line: str) -> bool:
    """A line that names a photo credit: a caption, not article text."""
    s = line.strip()
    if not s or len(s) > 600 or not _CAPTION_HINT.search(s):
        return False
    if _CAPTION_START.match(s) or _CREDIT_AT_END.search(s[-120:]):
        return True
    return len(s) <= 400 and _CREDIT_ANYWHERE.search(s) is not None


# --- section labels -------------------------------------------------------------------------

_LABEL_CONNECTORS = frozenset({"and", "of", "the", "&", "in", "on", "for", "a"})
_LABEL_SEPARATORS = frozenset({">", "›", "»", "|", "/", "-", "–", "—", "•", "·", ":"})
_LABEL_WORD = re.compile(r"^[A-Z][\w'’\-]*$")


def is_section_label(line: str) -> bool:
    """A short title-case line with no sentence punctuation ("Syria", "World News")."""
    s = line.strip()
    if not s or len(s) > 50 or s[-1] in ".!?,;\"”'’)":
        return False
    words = [w for w in s.split() if w not in _LABEL_SEPARATORS]
    if not 1 <= len(words) <= 5:
        return False
    if any(ch.isdigit() for ch in s) or (len(words) == 1 and s.isupper()):
        return False  # a lone upper-case word is more often a dateline ("BEIRUT") than a label
    capitalised = 0
    for w in words:
        if _LABEL_WORD.match(w):
            capitalised += 1
        elif w.lower() not in _LABEL_CONNECTORS:
            return False
    return capitalised >= 1 and _LABEL_WORD.match(words[0]) is not None


# --- appeals --------------------------------------------------------------------------------

_APPEAL = re.compile(
    r"\b(?:donat(?:e|es|ed|ing|ion|ions)|become\s+an?\s+(?:member|supporter|subscriber|patron|"
    r"friend)|membership|subscribe|subscription|subscribers?|tax[- ]deductible|"
    r"contribut(?:e|ion|ions)|your\s+support|support\s+(?:us|our|independent|quality|"
    r"journalism|this)|support\s+matters|chip\s+in|give\s+(?:today|now)|make\s+a\s+gift|"
    r"patreon|paypal|sign\s+up|newsletter|independent\s+journalism|"
    r"reader[- ](?:funded|supported)|paywall|join\s+(?:us|today|now))\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"\b(?:you|your|yours|we|us|our)\b", re.IGNORECASE)
_READER = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)
_QUOTES = re.compile(r"[\"“”«»]")
_APPEAL_MAX_PARAGRAPHS = 10
_APPEAL_MAX_CHARS = 3000
_SHORT_PARAGRAPH = 200


def _is_appeal(par: str) -> bool:
    if _QUOTES.search(par) or len(par) > 600:
        return False  # reported speech, or a real paragraph that mentions a donation
    if not _APPEAL.search(par):
        return False
    return len(par) < 100 or _ADDRESS.search(par) is not None


def _is_appeal_lead_in(par: str) -> bool:
    return len(par) < 80 and not _QUOTES.search(par) and _READER.search(par) is not None


def _drop_trailing_appeal(pars: list[str]) -> list[str]:
    # the trailing run of paragraphs that are appeals or short
    run_start = len(pars)
    while run_start > 1:
        p = pars[run_start - 1]
        if _is_appeal(p) or len(p) < _SHORT_PARAGRAPH:
            run_start -= 1
        else:
            break
    for i in range(run_start, len(pars)):
        if not _is_appeal(pars[i]):
            continue
        block = pars[i:]
        if len(block) > _APPEAL_MAX_PARAGRAPHS or sum(len(b) for b in block) > _APPEAL_MAX_CHARS:
            continue  # too much to be an appeal: try a later start
        if not any(_ADDRESS.search(b) and _is_appeal(b) for b in block):
            return pars  # nothing in it asks the reader for anything
        # a short lead-in that talks to the reader ("Our work depends on you.") goes with it
        while i > run_start and _is_appeal_lead_in(pars[i - 1]):
            i -= 1
        if i == 0:
            return pars
        return pars[:i]
    return pars


# --- the pass -------------------------------------------------------------------------------

_BLANKS = re.compile(r"\n{3,}")
_MIN_DUPLICATE_CHARS = 20


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip("\n")


def _drop_lines(lines: list[str]) -> list[str]:
    kept = [ln for ln in lines if not (is_share_line(ln) or is_caption_line(ln))]
    # leading section labels, when a body follows them
    first_body = next(
        (i for i, ln in enumerate(kept) if ln.strip() and not is_section_label(ln)), None
    )
    if first_body is not None:
        kept = kept[first_body:]
    return kept


def _drop_duplicate_paragraphs(pars: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for p in pars:
        key = " ".join(p.split())
        if len(key) >= _MIN_DUPLICATE_CHARS:
            if key in seen:
                continue
            seen.add(key)
        out.append(p)
    return out


def _clean_once(text: str) -> str:
    text = _normalise(text)
    text = _normalise("\n".join(_drop_lines(text.split("\n"))))
    if not text:
        return text
    pars = text.split("\n\n")
    pars = _drop_duplicate_paragraphs(pars)
    pars = _drop_trailing_appeal(pars)
    return "\n\n".join(pars)


def clean_text(text: str) -> str:
    """Remove boilerplate from plain article text; idempotent, never raises."""
    current = text
    for _ in range(10_000):  # every changing pass shortens the text, so this ends early
        cleaned = _clean_once(current)
        if cleaned == current:
            return cleaned
        current = cleaned
    return current
