"""Typed records passed from stage to stage.

Every record is a frozen dataclass with slots: cheap to pickle (distributed workers),
hashable, and impossible to mutate behind another stage's back. Everything that was
read from a document's text carries an :class:`Evidence` whose ``quote`` equals
``document.text[start:end]``.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, IntEnum


def stable_id(*parts: object, prefix: str = "", length: int = 16) -> str:
    """A content-hash id: the same parts always give the same id, on every run."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{h[:length]}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a document's (cleaned) text: ``doc.text[start:end] == quote``."""

    doc_id: str
    start: int
    end: int
    quote: str

    @staticmethod
    def of(doc: Document, start: int, end: int) -> Evidence:
        return Evidence(doc_id=doc.doc_id, start=start, end=end, quote=doc.text[start:end])


class DateSource(str, Enum):
    METADATA = "metadata"
    HTML = "html"
    URL = "url"
    TEXT = "text"  # estimated from the article body
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Document:
    """One article after ingest. ``text`` is the cleaned body; all offsets point into it."""

    doc_id: str
    text: str
    origin: str  # file path, or "file:line" for records of a dump
    title: str | None = None
    url: str | None = None
    source: str | None = None  # publisher / outlet
    published: date | None = None
    date_source: DateSource = DateSource.NONE
    language: str = "en"
    flags: tuple[str, ...] = ()  # e.g. ("undated",), ("near_duplicate_of:<id>",)

    @staticmethod
    def make_id(text: str) -> str:
        return stable_id(" ".join(text.split()), prefix="doc_")


@dataclass(frozen=True, slots=True)
class Rejected:
    """Input that could not become a Document, with a coded reason naming where it came from."""

    origin: str
    code: str  # e.g. "E101"
    reason: str


# --- NLP output -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index within the document
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # document index of the syntactic head (self for roots)
    ent_type: str = ""
    morph: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    token_start: int  # first token index (document-level)
    token_end: int  # one past the last token index


class MentionKind(str, Enum):
    PLACE = "place"
    ACTOR = "actor"
    PERSON = "person"
    ORG = "org"
    TIME = "time"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text recognised as something (a place name, an actor, a time expression)."""

    kind: MentionKind
    evidence: Evidence
    label: str = ""  # NER label or matcher name
    norm: str = ""  # normalised key (alias key, canonical name...)


@dataclass(frozen=True, slots=True)
class ParsedDoc:
    doc: Document
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[Mention, ...]  # spaCy NER output, as Mentions

    def sentence_of(self, char: int) -> Sentence | None:
        # sentences are in text order and disjoint: O(log n), so that callers that ask once
        # per name stay linear in a document of many sentences (issue 17)
        k = bisect.bisect_right(self.sentences, char, key=lambda s: s.start)
        if k and char < self.sentences[k - 1].end:
            return self.sentences[k - 1]
        return None


# --- Time ---------------------------------------------------------------------


class TimePrecision(IntEnum):
    """ACLED time_precision: 1 the day is known, 2 the week, 3 the month (or worse)."""

    DAY = 1
    WEEK = 2
    MONTH = 3


@dataclass(frozen=True, slots=True)
class TimeExpression:
    evidence: Evidence
    timex_type: str  # DATE, TIME, DURATION, SET
    value: (
        str | None
    )  # TIMEX3 value ("2015-05-20", "2015-W21", "2015-05", "P4D"...), None if unknown
    earliest: date | None  # the range of days the expression denotes, when it denotes days
    latest: date | None
    precision: TimePrecision | None = None


# --- Places -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    geonameid: int
    name: str
    country_code: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    feature_class: str = "P"  # GeoNames: P populated place, A admin area, ...
    feature_code: str = ""
    population: int = 0


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """A toponym in a document resolved to a gazetteer Place."""

    mention: Mention
    place: Place
    confidence: float
    geo_precision: (
        int  # ACLED: 1 the town itself, 2 near a town / part of a region, 3 larger region
    )


# --- Actors -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """An entry of the actor dictionary."""

    name: str  # canonical, ACLED-style ("Islamic State", "Military Forces of Syria")
    inter: int  # ACLED inter code 1..8
    country: str = ""  # ISO2 of the country it belongs to, "" if none
    aliases: tuple[str, ...] = ()
    kind: str = ""  # state, rebel, militia, external, civilians, ...
    acled_name: str = ""  # ACLED's exact name where known (exports use it), else ""


@dataclass(frozen=True, slots=True)
class ActorMention:
    mention: Mention
    actor: Actor


# --- Events -------------------------------------------------------------------


class Modality(str, Enum):
    ASSERTED = "asserted"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    FUTURE = "future"
    NEAR_MISS = "near_miss"
    COUNTERFACTUAL = "counterfactual"
    ANALOGY = "analogy"
    HISTORICAL = "historical"  # background from long before the report, not news of the period
    INTENDED = "intended"  # purpose / attempt not known to have succeeded
    DISPUTED = "disputed"  # a claim that the same report contradicts

    @property
    def happened(self) -> bool:
        return self is Modality.ASSERTED


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    field: str  # event field name ("actor1", "location", "event_date"...)
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Fatalities:
    low: int | None = None
    best: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One report of a happening in one document (before cross-document merging)."""

    mention_id: str
    doc_id: str
    trigger: Evidence
    sentence: Evidence
    event_type: str
    sub_event_type: str
    actor1: str = ""
    assoc_actor_1: str = ""
    actor2: str = ""
    assoc_actor_2: str = ""
    inter1: int = 0
    inter2: int = 0
    place: Place | None = None
    geo_precision: int = 0
    earliest: date | None = None
    latest: date | None = None
    time_precision: TimePrecision = TimePrecision.MONTH
    date_from_context: bool = False  # no expression governs the clause: dated from context / DCT
    fatalities: int | None = None
    modality: Modality = Modality.ASSERTED
    claimant: str = ""  # who the report attributes the claim to, "" if the reporter asserts it
    territorial: str = ""  # "gain" (actor1 takes the place), "loss" (actor1 loses it), ""
    evidence: tuple[FieldEvidence, ...] = ()
    flags: tuple[str, ...] = ()
    # territorial changes: who held the place before, as the text says ("rebel-held",
    # "government-held") or implies ("retook", "recaptured", "regained": the taker held it
    # before the loser did, so the loser is the prior holder); "" when unknown
    prior_holder: str = ""
    prior_holder_inferred: bool = False  # True: implied by the verb, not stated
    # how sure the coder is that this mention reports an event that happened, from trigger
    # strength, argument completeness and modality (0..1); 0.0: not assessed
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class MergeLink:
    """Why one mention belongs to its event: the explanation of one merge step.

    The founding mention has ``rule == "founding"`` and no ``joined``. Every other mention
    names the member of the cluster it was compared with (``joined``), how far apart their
    places (``km``) and date ranges (``days``, 0 when they overlap) were, the rule that let
    it join, and the window in days that its and the cluster's time precision allowed.
    Undoing a merge means dropping the mentions whose links lead back to a given mention.
    """

    mention_id: str
    rule: str  # "founding", "same_place", "place_in_region", "place_in_country"
    joined: str = ""  # the mention (already in the event) it was compared with
    km: float | None = None
    days: int | None = None
    window_days: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    """One happening, in ACLED's schema, merged across all documents that report it."""

    event_id: str
    event_date: date | None
    time_precision: TimePrecision
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int
    actor2: str
    assoc_actor_2: str
    inter2: int
    interaction: int
    civilian_targeting: bool
    location: str
    admin1: str
    country: str
    iso: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    fatalities: int  # ACLED: the most conservative figure
    fatalities_range: Fatalities
    notes: str
    sources: tuple[str, ...]  # document ids
    source_names: tuple[str, ...]  # outlets
    mentions: tuple[str, ...]  # EventMention ids
    evidence: tuple[FieldEvidence, ...]
    territorial: str = ""
    geonameid: int | None = None
    flags: tuple[str, ...] = ()
    # why each mention was merged, founding mention first (its id gives the event's id)
    merge_links: tuple[MergeLink, ...] = ()
    merged_from: tuple[str, ...] = ()  # ids of events merged away into this one
    confidence: float = 0.0  # 0..1, from its mentions, independent sources and modality
    # the side that held the place before a territorial change, when the report's wording
    # says so ("rebel-held", "retook"), and the cue that said it; empty when not stated
    prior_holder: str = ""
    prior_holder_cue: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """An event mention that is not coded as having happened, with why and who said it."""

    claim_id: str
    mention: EventMention
    modality: Modality
    claimant: str = ""
    disputed_by: Evidence | None = None


@dataclass(frozen=True, slots=True)
class ControlPeriod:
    """Who held a place from when to when, on what evidence."""

    period_id: str
    geonameid: int
    place: str
    country_code: str
    controller: str
    start: date | None  # None: held since before the first evidence
    end: date | None  # None: still held at the last evidence
    start_event: str | None = None  # event id of the change that began the period
    end_event: str | None = None
    evidence: tuple[Evidence, ...] = ()
    inferred: bool = False  # controller inferred (e.g. previous holder named only as the loser)


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run did: counts and the inputs it skipped."""

    documents: int = 0
    rejected: tuple[Rejected, ...] = ()
    event_mentions: int = 0
    events: int = 0
    claims: int = 0
    control_periods: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # relevance first: documents with a relevant span (parsed), and the characters of the
    # analysed documents' texts and of the spans parsed
    parsed_documents: int = 0
    text_chars: int = 0
    parsed_chars: int = 0
