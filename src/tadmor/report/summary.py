"""Templated summary sentences for the briefing, each carrying verified citations.

Every sentence is built from coded records (events, control periods, claims) and cites the
evidence those records carry. A citation is kept only when its quote equals the slice of the
document text it points at (``doc.text[start:end] == quote``); a sentence left without any
citation is dropped, so every sentence returned is sourced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tadmor.model import (
    Claim,
    ControlPeriod,
    Document,
    Event,
    EventMention,
    Evidence,
    Modality,
    TimePrecision,
)

MAX_CONTROL_SENTENCES = 8
MAX_EVENT_SENTENCES = 5
MAX_CLAIM_SENTENCES = 3
MAX_CITATIONS = 4
MAX_TOTAL_CITATIONS = 12

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class ReportInput:
    """Everything the briefing shows. Order does not matter: the report sorts everything."""

    events: Sequence[Event]
    periods: Sequence[ControlPeriod]
    claims: Sequence[Claim]
    documents: Sequence[Document]
    title: str = "Tadmor briefing"
    generated_from: str = ""


@dataclass(frozen=True, slots=True)
class Citation:
    """A quote backing a sentence: ``document.text[start:end] == quote``."""

    doc_id: str
    start: int
    end: int
    quote: str
    source: str  # the outlet, else the document title, else its origin
    title: str = ""


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]
    kind: str = ""  # "control", "event", "fatalities" or "claim"


# --- Formatting helpers (also used by the HTML renderer) ------------------------------


def format_day(d: date) -> str:
    """``20 May 2015``."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def date_phrase(d: date | None, precision: TimePrecision = TimePrecision.DAY) -> str:
    """``On 20 May 2015`` / ``In the week of 18 May 2015`` / ``In May 2015``."""
    if d is None:
        return "At an unknown date"
    if precision == TimePrecision.DAY:
        return f"On {format_day(d)}"
    if precision == TimePrecision.WEEK:
        return f"In the week of {format_day(d)}"
    return f"In {_MONTHS[d.month - 1]} {d.year}"


def place_phrase(name: str, admin1: str = "", country: str = "") -> str:
    """``Tadmur (Homs, Syria)``, leaving out unknown or repeated parts."""
    name = name.strip() or "an unnamed place"
    parts: list[str] = []
    for part in (admin1.strip(), country.strip()):
        if part and part != name and part not in parts:
            parts.append(part)
    return f"{name} ({', '.join(parts)})" if parts else name


def _in_place(loc: str, geo_precision: int) -> str:
    if geo_precision == 2:
        return f"near {loc}"
    if geo_precision >= 3:
        return f"in the area of {loc}"
    return f"in {loc}"


# (with a second actor, without one). {a1} {a2} actors, {loc} the place, {in_loc} "in <place>".
_TEMPLATES: dict[str, tuple[str, str]] = {
    "armed clash": ("{a1} clashed with {a2} {in_loc}", "{a1} fought an armed clash {in_loc}"),
    "government regains territory": ("{a1} regained {loc} from {a2}", "{a1} regained {loc}"),
    "non-state actor overtakes territory": ("{a1} took {loc} from {a2}", "{a1} took {loc}"),
    "non-violent transfer of territory": (
        "{a1} took over {loc} from {a2} without fighting",
        "{a1} took over {loc} without fighting",
    ),
    "air/drone strike": (
        "{a1} carried out an air or drone strike on {a2} {in_loc}",
        "{a1} carried out an air or drone strike {in_loc}",
    ),
    "shelling/artillery/missile attack": (
        "{a1} shelled or fired missiles at {a2} {in_loc}",
        "{a1} carried out shelling or missile fire {in_loc}",
    ),
    "suicide bomb": (
        "{a1} carried out a suicide bombing against {a2} {in_loc}",
        "{a1} carried out a suicide bombing {in_loc}",
    ),
    "remote explosive/landmine/ied": (
        "an explosive device attributed to {a1} hit {a2} {in_loc}",
        "an explosive device attributed to {a1} went off {in_loc}",
    ),
    "grenade": ("{a1} threw a grenade at {a2} {in_loc}", "{a1} threw a grenade {in_loc}"),
    "chemical weapon": (
        "{a1} used a chemical weapon against {a2} {in_loc}",
        "{a1} used a chemical weapon {in_loc}",
    ),
    "attack": ("{a1} attacked {a2} {in_loc}", "{a1} carried out an attack {in_loc}"),
    "abduction/forced disappearance": (
        "{a1} abducted {a2} {in_loc}",
        "{a1} abducted people {in_loc}",
    ),
    "sexual violence": (
        "{a1} committed sexual violence against {a2} {in_loc}",
        "{a1} committed sexual violence {in_loc}",
    ),
    "looting/property destruction": (
        "{a1} looted or destroyed property of {a2} {in_loc}",
        "{a1} looted or destroyed property {in_loc}",
    ),
    "arrests": ("{a1} arrested {a2} {in_loc}", "{a1} made arrests {in_loc}"),
    "headquarters or base established": (
        "{a1} set up a base {in_loc}",
        "{a1} set up a base {in_loc}",
    ),
    "agreement": (
        "{a1} and {a2} reached an agreement {in_loc}",
        "{a1} reached an agreement {in_loc}",
    ),
    "peaceful protest": ("{a1} protested against {a2} {in_loc}", "{a1} protested {in_loc}"),
}


def describe(
    *,
    event_type: str,
    sub_event_type: str,
    actor1: str,
    actor2: str,
    loc: str,
    geo_precision: int,
) -> str:
    """A clause (no date, no final stop) saying who did what where."""
    a1 = actor1.strip() or "an unidentified actor"
    a2 = actor2.strip()
    pair = _TEMPLATES.get(sub_event_type.strip().lower())
    fields = {"a1": a1, "a2": a2, "loc": loc, "in_loc": _in_place(loc, geo_precision)}
    if pair is not None:
        return (pair[0] if a2 else pair[1]).format(**fields)
    what = (sub_event_type or event_type or "an event").strip().lower()
    who = f"{a1} and {a2}" if a2 else a1
    return f"an event coded as {what} involving {who} took place {fields['in_loc']}"


def _sentence(*parts: str) -> str:
    text = " ".join(p for p in parts if p).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


# --- Citations --------------------------------------------------------------------


def _citation(ev: Evidence, docs: Mapping[str, Document]) -> Citation | None:
    doc = docs.get(ev.doc_id)
    if doc is None or ev.start < 0 or ev.end <= ev.start or doc.text[ev.start : ev.end] != ev.quote:
        return None
    source = doc.source or doc.title or doc.origin
    return Citation(ev.doc_id, ev.start, ev.end, ev.quote, source, doc.title or "")


def _pick(evidence: Iterable[Evidence], docs: Mapping[str, Document], limit: int) -> list[Citation]:
    """Verified citations, the longest quote per document first, one document after another."""
    best: dict[str, Citation] = {}
    for ev in evidence:
        c = _citation(ev, docs)
        if c is None:
            continue
        old = best.get(c.doc_id)
        if old is None or (len(c.quote), -c.start) > (len(old.quote), -old.start):
            best[c.doc_id] = c
    return sorted(best.values(), key=lambda c: (c.doc_id, c.start, c.end))[:limit]


def _cite_key(c: Citation) -> tuple[str, int, int]:
    return (c.doc_id, c.start, c.end)


def _merge(*groups: Iterable[Citation], limit: int = MAX_CITATIONS) -> tuple[Citation, ...]:
    seen: set[tuple[str, int, int]] = set()
    out: list[Citation] = []
    for group in groups:
        for c in group:
            key = (c.doc_id, c.start, c.end)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return tuple(out[:limit])


def _event_citations(event: Event, docs: Mapping[str, Document]) -> list[Citation]:
    return _pick((fe.evidence for fe in event.evidence), docs, MAX_CITATIONS)


def _fatality_citations(event: Event, docs: Mapping[str, Document]) -> list[Citation]:
    ev = (fe.evidence for fe in event.evidence if fe.field == "fatalities")
    return _pick(ev, docs, 2)


# --- Sentences --------------------------------------------------------------------


def _event_place(event: Event) -> str:
    return place_phrase(event.location, event.admin1, event.country)


def _fatality_clause(event: Event) -> str:
    if event.fatalities <= 0:
        return ""
    rng = event.fatalities_range
    noun = "fatality" if event.fatalities == 1 else "fatalities"
    text = f", with {event.fatalities} reported {noun}"
    if rng.low is not None and rng.high is not None and rng.low != rng.high:
        text += f" (reports range from {rng.low} to {rng.high})"
    return text


def _event_sentence(event: Event, docs: Mapping[str, Document]) -> SummarySentence | None:
    clause = describe(
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1,
        actor2=event.actor2,
        loc=_event_place(event),
        geo_precision=event.geo_precision,
    )
    text = _sentence(
        date_phrase(event.event_date, event.time_precision), clause + _fatality_clause(event)
    )
    fat = _fatality_citations(event, docs) if event.fatalities > 0 else []
    cites = _merge(_event_citations(event, docs)[: MAX_CITATIONS - len(fat)], fat)
    return SummarySentence(text, cites, "event") if cites else None


def _period_sort_key(p: ControlPeriod) -> tuple[date, date, str]:
    return (p.start or date.min, p.end or date.max, p.period_id)


def _control_sentences(
    data: ReportInput, docs: Mapping[str, Document], events: Mapping[str, Event]
) -> list[tuple[date, SummarySentence, str | None]]:
    by_place: dict[int, list[ControlPeriod]] = {}
    for p in data.periods:
        by_place.setdefault(p.geonameid, []).append(p)
    out: list[tuple[date, SummarySentence, str | None]] = []
    for geonameid in sorted(by_place):
        periods = sorted(by_place[geonameid], key=_period_sort_key)
        for i, p in enumerate(periods):
            ev = events.get(p.start_event) if p.start_event else None
            place = place_phrase(p.place, ev.admin1 if ev else "", ev.country if ev else "")
            own = _pick(p.evidence, docs, MAX_CITATIONS)
            if p.start is None and p.start_event is None:
                if len(periods) > 1 or not own:
                    continue
                text = _sentence(f"{p.controller} held {place} throughout the reports")
                out.append((p.end or date.max, SummarySentence(text, tuple(own), "control"), None))
                continue
            prev = periods[i - 1] if i > 0 else None
            if prev is not None and prev.controller == p.controller:
                continue
            when = p.start or (ev.event_date if ev else None)
            precision = ev.time_precision if ev is not None else TimePrecision.DAY
            taken = f"took {place} from {prev.controller}" if prev else f"took control of {place}"
            fatal = _fatality_clause(ev) if ev else ""
            text = _sentence(date_phrase(when, precision), f"{p.controller} {taken}{fatal}")
            fat = _fatality_citations(ev, docs) if ev and fatal else []
            cites = _merge(own[:2], fat, _event_citations(ev, docs) if ev else [])
            if cites:
                out.append(
                    (when or date.max, SummarySentence(text, cites, "control"), p.start_event)
                )
    out.sort(key=lambda t: (t[0], t[1].text))
    return out[:MAX_CONTROL_SENTENCES]


_MODALITY_REASON: dict[Modality, str] = {
    Modality.ASSERTED: "it was not confirmed",
    Modality.NEGATED: "the report denies it",
    Modality.HYPOTHETICAL: "it is hypothetical",
    Modality.FUTURE: "it is announced or expected, not reported as done",
    Modality.NEAR_MISS: "it nearly happened but did not",
    Modality.COUNTERFACTUAL: "it is counterfactual",
    Modality.ANALOGY: "it is only a comparison",
    Modality.INTENDED: "it was intended or attempted, not known to have succeeded",
    Modality.DISPUTED: "it is disputed",
}

_NOUNS: dict[str, str] = {
    "armed clash": "an armed clash",
    "government regains territory": "a recapture of territory",
    "non-state actor overtakes territory": "a takeover",
    "non-violent transfer of territory": "a transfer of territory",
    "air/drone strike": "an air or drone strike",
    "shelling/artillery/missile attack": "shelling or missile fire",
    "suicide bomb": "a suicide bombing",
    "remote explosive/landmine/ied": "an explosive-device attack",
    "grenade": "a grenade attack",
    "chemical weapon": "a chemical attack",
    "attack": "an attack",
    "abduction/forced disappearance": "an abduction",
    "sexual violence": "sexual violence",
    "looting/property destruction": "looting or destruction of property",
    "arrests": "arrests",
    "headquarters or base established": "a new base",
    "agreement": "an agreement",
    "peaceful protest": "a protest",
}


def mention_phrase(m: EventMention) -> str:
    """A noun phrase for an event mention: ``a takeover by X against Y in Hit (Anbar, Iraq)``."""
    sub = m.sub_event_type.strip().lower()
    noun = _NOUNS.get(sub) or f"an event coded as {(sub or m.event_type or 'unknown').lower()}"
    if m.actor1.strip():
        noun += f" by {m.actor1.strip()}"
    if m.actor2.strip():
        noun += f" against {m.actor2.strip()}"
    place = m.place
    if place is None:
        return noun
    loc = place_phrase(place.name, place.admin1, place.country)
    return f"{noun} {_in_place(loc, m.geo_precision or 1)}"


def modality_reason(modality: Modality) -> str:
    return _MODALITY_REASON.get(modality, modality.value)


def _claim_sentence(claim: Claim, docs: Mapping[str, Document]) -> SummarySentence | None:
    m = claim.mention
    claimant = claim.claimant.strip() or m.claimant.strip()
    lead = f"{claimant} spoke of" if claimant else "A report spoke of"
    reason = modality_reason(claim.modality)
    text = _sentence(lead, f"{mention_phrase(m)}; it is not coded as an event because {reason}")
    disputed = [claim.disputed_by] if claim.disputed_by is not None else []
    cites = _merge(_pick([m.sentence, m.trigger], docs, 1), _pick(disputed, docs, 1))
    return SummarySentence(text, cites, "claim") if cites else None


def _claim_rank(c: Claim) -> tuple[int, int, str]:
    return (0 if c.modality is Modality.DISPUTED else 1, 0 if c.claimant else 1, c.claim_id)


def _total_sentence(
    events: Sequence[Event], docs: Mapping[str, Document]
) -> SummarySentence | None:
    cited: list[tuple[Event, list[Citation]]] = []
    for e in events:
        if e.fatalities > 0:
            cites = _fatality_citations(e, docs)
            if cites:
                cited.append((e, cites[:1]))
    if len(cited) < 2 or len(cited) > MAX_TOTAL_CITATIONS:
        return None
    total = sum(e.fatalities for e, _ in cited)
    text = _sentence(
        f"Across {len(cited)} events, the cited reports give at least {total} fatalities"
    )
    return SummarySentence(
        text,
        tuple(sorted(_merge(*(c for _, c in cited), limit=MAX_TOTAL_CITATIONS), key=_cite_key)),
        "fatalities",
    )


def summarise(data: ReportInput) -> list[SummarySentence]:
    """A handful of sentences: control changes and notable events (by date), totals, claims."""
    docs = {d.doc_id: d for d in sorted(data.documents, key=lambda d: d.doc_id)}
    events_sorted = sorted(data.events, key=lambda e: e.event_id)
    by_id = {e.event_id: e for e in events_sorted}
    dated: list[tuple[date, SummarySentence]] = []
    used: set[str] = set()
    for when, sentence, event_id in _control_sentences(data, docs, by_id):
        dated.append((when, sentence))
        if event_id:
            used.add(event_id)
    ranked = sorted(
        (e for e in events_sorted if e.event_id not in used),
        key=lambda e: (-e.fatalities, e.event_date or date.max, e.event_id),
    )
    n_events = 0
    for e in ranked:
        if n_events >= MAX_EVENT_SENTENCES:
            break
        s = _event_sentence(e, docs)
        if s is not None:
            dated.append((e.event_date or date.max, s))
            n_events += 1
    dated.sort(key=lambda t: (t[0], t[1].kind, t[1].text))
    out = [s for _, s in dated]
    total = _total_sentence(events_sorted, docs)
    if total is not None:
        out.append(total)
    n_claims = 0
    for claim in sorted(data.claims, key=_claim_rank):
        if n_claims >= MAX_CLAIM_SENTENCES:
            break
        s = _claim_sentence(claim, docs)
        if s is not None:
            out.append(s)
            n_claims += 1
    return out
