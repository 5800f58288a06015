"""Score Tadmor's event coding against ACLED, PLOVER and UCDP GED gold data.

Each gold row's text is coded on its own, as one :class:`~tadmor.model.Document` dated with the
row's date, through :meth:`Analyzer.analyse` (in batches) and
:func:`~tadmor.resolve.merge_mentions`; only the asserted, merged events count (claims,
negations, hypotheticals are not events). A row is *found* when at least one event is coded for
it. The row's *best* event is the coded event that agrees with it most: the one of the right
type if any, then the one with the most matching scored fields, the first such on ties. This is
an oracle alignment: field scores are an upper bound for picking one event per row.

ACLED (:func:`evaluate_acled`), a standard ACLED export; each row's ``notes`` is the text:

* ``event.recall``: rows with at least one coded event / rows;
* ``event.precision``: coded events whose ``event_type`` is their row's / all coded events;
* ``fields``: accuracy of the best event over all gold rows that give the field (a row with no
  coded event is wrong on every field): ``event_type``, ``sub_event_type`` (exact, case
  ignored); ``actor1``, ``actor2`` (both sides cleaned of an ACLED year suffix such as
  ``(2000-)``, then normalised through :meth:`ActorMatcher.normalise`, else compared as
  lower-case strings; an empty gold ``actor2`` is right only when none is coded);
  ``location_25km`` (within 25 km, haversine, of the gold coordinates; rows without coordinates
  are left out); ``date`` (the event date equals ``event_date``); ``fatalities`` (exact).
* ``extra``: ``coded_events``, ``found_rows``, ``actors_unordered`` (the pair of actors right
  in either order), ``analysis_errors``, ``skipped``.

PLOVER (:func:`evaluate_plover`), the OEDA gold-standard records: Tadmor codes ACLED types,
mapped to PLOVER with :data:`ACLED_TO_PLOVER` (:func:`plover_type`). Most PLOVER types
(AGREE, DEMAND, REJECT, THREATEN...) are verbal or diplomatic and outside ACLED's scope, so
the all-rows type accuracy is bounded by the in-scope share; ``extra`` reports that share and
the scores on it.

* ``event.recall`` = ``fields.event_type``: gold records with a coded event of the gold PLOVER
  type / all gold records (no event coded = wrong); ``event.precision``: coded events whose
  PLOVER type is a gold type of their sentence / all coded events (a sentence coded twice in
  the gold data, with two types, is coded once).
* actors: gold ``source``/``target`` actors carry CAMEO codes whose primary part is a country
  (ISO 3166 alpha-3; the legacy ``JAP``, ``ITL``, ``VTN`` too) or a non-state code (IGO, NGO,
  IMG...). A coded actor (``actor1`` and ``assoc_actor_1`` for the source, ``actor2`` and
  ``assoc_actor_2`` for the target) matches a gold actor when the country of the coded actor
  (its dictionary entry's ISO2) is the country of the gold code, or when both normalise to the
  same dictionary actor, or when the texts are equal (case ignored); an "Unidentified Armed
  Group" placeholder (ACLED's way of saying the perpetrator is unknown) is not a coded actor.
  This is the granularity of
  a CAMEO primary code: sector agents (GOV, MIL, CVL...) are not compared. Pairs are matched one
  to one per sentence; ``source_f1``/``target_f1`` are micro-averaged over all gold records
  (precision over the actors coded in the best events, recall over the gold actors).
* ``extra``: ``in_scope_rows`` (gold types in the image of the mapping), ``in_scope_event_type``,
  ``in_scope_found``, ``out_of_scope_false_alarm`` (out-of-scope records whose sentence got an
  event), ``event_type_<TYPE>`` (accuracy per in-scope gold type), per-role precision
  and recall, ``in_scope_source_f1``/``in_scope_target_f1`` (the actor scores over the in-scope
  records only), ``coded_events``, ``analysis_errors``, ``skipped``.

UCDP GED (:func:`evaluate_ucdp`): rows from ``since_year`` (to ``until_year``) with a
``source_headline``; the headlines are the text, dated ``date_start``.

* ``event.recall``: rows with a coded event / rows; ``event.precision``: coded events whose type
  fits the row's UCDP type of violence (1 state-based, 2 non-state: Battles or
  Explosions/Remote violence not targeting civilians; 3 one-sided: Violence against civilians
  or an event targeting civilians) / all coded events.
* ``fields`` (best event, over all rows giving the field): ``side_a``, ``side_b`` (the side is
  ``actor1`` or ``actor2`` of the event, either order, since UCDP sides are not attacker and
  target; ``Government of X`` and every dictionary actor of kind ``state`` with country X, such
  as ``Military Forces of Iraq``, ``Police Forces of Iraq`` or ``Peshmerga``, are the same side;
  all civilian actors match ``Civilians``; other names are normalised through the actor
  dictionary, so ``IS`` is ``Islamic State``); ``place_25km``; ``date`` (the event date within
  ``date_start..date_end``); ``deaths_best`` (coded best figure equals ``best``);
  ``deaths_in_range`` (within ``low..high``).
* ``extra``: ``coded_events``, ``found_rows``, ``violence_type`` (best event of a fitting type,
  over all rows), ``analysis_errors``, ``skipped``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tadmor.actors import is_unidentified
from tadmor.errors import TadmorError
from tadmor.eval.events_formats import (
    ACLED_TO_PLOVER,
    PLOVER_SCOPE,
    AcledRow,
    ActorKeys,
    PloverActor,
    PloverRecord,
    Skipped,
    UcdpRow,
    cameo_country,
    clean_actor_name,
    plover_type,
    read_acled,
    read_plover,
    read_ucdp,
)
from tadmor.eval.metrics import PRF
from tadmor.geo import distance_km
from tadmor.model import Document, Event, EventMention
from tadmor.pipeline import Analyzer
from tadmor.resolve import merge_mentions

__all__ = [
    "ACLED_TO_PLOVER",
    "LOCATION_KM",
    "PLOVER_SCOPE",
    "PRF",
    "EventScores",
    "cameo_country",
    "clean_actor_name",
    "evaluate_acled",
    "evaluate_plover",
    "evaluate_ucdp",
    "plover_type",
]

LOCATION_KM = 25.0

_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_CODE_CHUNK = 256


@dataclass(frozen=True, slots=True)
class EventScores:
    rows: int
    event: PRF
    fields: Mapping[str, float]
    extra: Mapping[str, float]
    skipped: tuple[Skipped, ...] = ()  # gold rows that could not be read, not scored
    errors: tuple[Skipped, ...] = ()  # rows the analyzer failed on, scored as finding nothing

    def to_json(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "event": {
                "precision": round(self.event.precision, 4),
                "recall": round(self.event.recall, 4),
                "f1": round(self.event.f1, 4),
            },
            "fields": {k: round(v, 4) for k, v in self.fields.items()},
            "extra": {k: round(v, 4) for k, v in self.extra.items()},
            "skipped": [{"line": s.line, "reason": s.reason} for s in self.skipped],
            "errors": [{"line": s.line, "reason": s.reason} for s in self.errors],
        }


# --- shared machinery ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Coded:
    events: tuple[Event, ...]
    error: str = ""


class _Tally:
    """Right / counted per field."""

    def __init__(self, names: Iterable[str]) -> None:
        self.right = dict.fromkeys(names, 0)
        self.total = dict.fromkeys(names, 0)

    def add(self, name: str, ok: bool | None) -> None:
        """``None``: the gold row does not give the field, so it is not counted."""
        if ok is not None:
            self.total[name] += 1
            self.right[name] += int(ok)

    def rates(self) -> dict[str, float]:
        return {k: (self.right[k] / self.total[k] if self.total[k] else 0.0) for k in self.right}


def _actors_of(analyzer: Analyzer) -> ActorKeys:
    return ActorKeys(matcher=analyzer.matcher, dictionary=analyzer.actors)


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise TadmorError("E423", f"limit must be at least 1 (got {limit})")


def _document(text: str, *, origin: str, published: date | None) -> Document:
    return Document(doc_id=Document.make_id(text), text=text, origin=origin, published=published)


def _code(analyzer: Analyzer, docs: Sequence[Document]) -> list[_Coded]:
    """Asserted, merged events per document, in order; a document that fails gets an error."""
    out: list[_Coded] = []
    for i in range(0, len(docs), _CODE_CHUNK):
        chunk = docs[i : i + _CODE_CHUNK]
        try:
            done = [_Coded(_merge(analyzer, d, m)) for d, m in analyzer.analyse(chunk)]
        except Exception:  # one bad text must not stop the evaluation: retry one by one
            done = [_code_one(analyzer, d) for d in chunk]
        out.extend(done)
    return out


def _code_one(analyzer: Analyzer, doc: Document) -> _Coded:
    try:
        [(_, mentions)] = list(analyzer.analyse([doc]))
        return _Coded(_merge(analyzer, doc, mentions))
    except Exception as exc:
        return _Coded((), f"analysis failed ({type(exc).__name__}: {exc})")


def _merge(analyzer: Analyzer, doc: Document, mentions: list[EventMention]) -> tuple[Event, ...]:
    events, _claims = merge_mentions(
        mentions, documents={doc.doc_id: doc}, window_days=analyzer.settings.merge_window_days
    )
    return tuple(events)


def _best(events: Sequence[Event], key: Callable[[Event], tuple[int, ...]]) -> Event | None:
    return max(events, key=key) if events else None


def _near(e: Event, lat: float | None, lon: float | None) -> bool | None:
    if lat is None or lon is None:
        return None
    if e.latitude is None or e.longitude is None:
        return False
    return distance_km(lat, lon, e.latitude, e.longitude) <= LOCATION_KM


def _errors(coded: Sequence[_Coded], lines: Sequence[int]) -> tuple[Skipped, ...]:
    return tuple(Skipped(line, c.error) for c, line in zip(coded, lines, strict=True) if c.error)


# --- ACLED -------------------------------------------------------------------------

ACLED_FIELDS = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location_25km",
    "date",
    "fatalities",
)


def evaluate_acled(path: Path, *, analyzer: Analyzer, limit: int | None = None) -> EventScores:
    """Code each row's ``notes`` (dated ``event_date``) and score it against the row."""
    _check_limit(limit)
    gold = read_acled(Path(path))
    rows = gold.rows[:limit]
    docs = [_document(r.notes, origin=f"{path}:{r.line}", published=r.event_date) for r in rows]
    coded = _code(analyzer, docs)
    actors = _actors_of(analyzer)
    tally = _Tally(ACLED_FIELDS)
    unordered = _Tally(["actors_unordered"])
    n_events = right_events = found = 0
    for row, c in zip(rows, coded, strict=True):
        n_events += len(c.events)
        right_events += sum(_same(e.event_type, row.event_type) for e in c.events)
        found += bool(c.events)
        checks = _AcledChecks(row, actors)
        best = _best(c.events, checks.key)
        for name in ACLED_FIELDS:
            tally.add(name, checks.field(name, best))
        unordered.add("actors_unordered", best is not None and checks.unordered(best))
    extra = {
        "coded_events": float(n_events),
        "found_rows": float(found),
        **unordered.rates(),
        "analysis_errors": float(sum(bool(c.error) for c in coded)),
        "skipped": float(len(gold.skipped)),
    }
    return EventScores(
        rows=len(rows),
        event=PRF.of(right_pred=right_events, pred=n_events, right_gold=found, gold=len(rows)),
        fields=tally.rates(),
        extra=extra,
        skipped=gold.skipped,
        errors=_errors(coded, [r.line for r in rows]),
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).lower() == " ".join(b.split()).lower()


@dataclass
class _AcledChecks:
    row: AcledRow
    actors: ActorKeys

    def field(self, name: str, e: Event | None) -> bool | None:
        """Whether event ``e`` has the row's value of ``name`` (None: the row gives no value)."""
        r = self.row
        given = {
            "sub_event_type": bool(r.sub_event_type),
            "actor1": bool(r.actor1),
            "location_25km": r.latitude is not None and r.longitude is not None,
            "fatalities": r.fatalities is not None,
        }
        if not given.get(name, True):
            return None
        if e is None:
            return False
        if name == "event_type":
            return _same(e.event_type, r.event_type)
        if name == "sub_event_type":
            return _same(e.sub_event_type, r.sub_event_type)
        if name in ("actor1", "actor2"):
            gold_actor = r.actor1 if name == "actor1" else r.actor2
            coded_actor = e.actor1 if name == "actor1" else e.actor2
            return self.actors.acled_key(coded_actor) == self.actors.acled_key(gold_actor)
        if name == "location_25km":
            return _near(e, r.latitude, r.longitude)
        if name == "date":
            return e.event_date == r.event_date
        return e.fatalities == r.fatalities

    def key(self, e: Event) -> tuple[int, ...]:
        others = sum(bool(self.field(n, e)) for n in ACLED_FIELDS if n != "event_type")
        return (int(bool(self.field("event_type", e))), others)

    def unordered(self, e: Event) -> bool:
        k = self.actors.acled_key
        coded = sorted((k(e.actor1), k(e.actor2)))
        return coded == sorted((k(self.row.actor1), k(self.row.actor2)))


# --- PLOVER --------------------------------------------------------------------------


def evaluate_plover(path: Path, *, analyzer: Analyzer, limit: int | None = None) -> EventScores:
    """Code each PLOVER gold sentence and score event types (mapped) and source/target actors."""
    _check_limit(limit)
    gold = read_plover(Path(path))
    records = gold.rows[:limit]
    texts = list(dict.fromkeys(r.text for r in records))
    published = {r.text: r.published for r in reversed(records)}
    docs = [_document(t, origin=f"{path}:{t[:40]}", published=published[t]) for t in texts]
    coded = dict(zip(texts, _code(analyzer, docs), strict=True))
    actors = _actors_of(analyzer)
    gold_types: dict[str, set[str]] = {}
    for r in records:
        gold_types.setdefault(r.text, set()).add(r.event)
    n_events = sum(len(c.events) for c in coded.values())
    right_events = sum(
        plover_type(e.event_type, e.sub_event_type) in gold_types[t]
        for t, c in coded.items()
        for e in c.events
    )
    per_type = sorted(PLOVER_SCOPE & {r.event for r in records})
    tally = _Tally(
        ["event_type", "in_scope_event_type", "in_scope_found", "false_alarm"]
        + [f"event_type_{t}" for t in per_type]
    )
    roles = {"source": [0, 0, 0], "target": [0, 0, 0]}  # right, coded, gold
    scoped = {"source": [0, 0, 0], "target": [0, 0, 0]}  # the same over in-scope records
    for r in records:
        events = coded[r.text].events
        best = _best(events, functools.partial(_plover_key, r, actors=actors))
        type_ok = best is not None and plover_type(best.event_type, best.sub_event_type) == r.event
        tally.add("event_type", type_ok)
        in_scope = r.event in PLOVER_SCOPE
        tally.add("in_scope_event_type", type_ok if in_scope else None)
        tally.add("in_scope_found", bool(events) if in_scope else None)
        tally.add("false_alarm", None if in_scope else bool(events))
        if in_scope:
            tally.add(f"event_type_{r.event}", type_ok)
        for role, gold_actors in (("source", r.sources), ("target", r.targets)):
            coded_actors = _role_actors(best, role)
            right = _pairs(gold_actors, coded_actors, actors)
            for table in (roles, scoped) if in_scope else (roles,):
                table[role][0] += right
                table[role][1] += len(coded_actors)
                table[role][2] += len(gold_actors)
    rates = tally.rates()
    role_prf = {
        role: PRF.of(right_pred=v[0], pred=v[1], right_gold=v[0], gold=v[2])
        for role, v in roles.items()
    }
    scoped_prf = {
        role: PRF.of(right_pred=v[0], pred=v[1], right_gold=v[0], gold=v[2])
        for role, v in scoped.items()
    }
    extra = {
        "in_scope_rows": float(tally.total["in_scope_event_type"]),
        "in_scope_event_type": rates["in_scope_event_type"],
        "in_scope_found": rates["in_scope_found"],
        "out_of_scope_false_alarm": rates["false_alarm"],
        "source_precision": role_prf["source"].precision,
        "source_recall": role_prf["source"].recall,
        "target_precision": role_prf["target"].precision,
        "target_recall": role_prf["target"].recall,
        "in_scope_source_f1": scoped_prf["source"].f1,
        "in_scope_target_f1": scoped_prf["target"].f1,
        **{f"event_type_{t}": rates[f"event_type_{t}"] for t in per_type},
        "coded_events": float(n_events),
        "analysis_errors": float(sum(bool(c.error) for c in coded.values())),
        "skipped": float(len(gold.skipped)),
    }
    errors = tuple(
        Skipped(i, f"{r.record_id}: {coded[r.text].error}")
        for i, r in enumerate(records, start=1)
        if coded[r.text].error
    )
    return EventScores(
        rows=len(records),
        event=PRF.of(
            right_pred=right_events,
            pred=n_events,
            right_gold=tally.right["event_type"],
            gold=len(records),
        ),
        fields={
            "event_type": rates["event_type"],
            "source_f1": role_prf["source"].f1,
            "target_f1": role_prf["target"].f1,
        },
        extra=extra,
        skipped=gold.skipped,
        errors=errors,
    )


def _role_actors(e: Event | None, role: str) -> list[str]:
    if e is None:
        return []
    main, assoc = (e.actor1, e.assoc_actor_1) if role == "source" else (e.actor2, e.assoc_actor_2)
    names = [main, *assoc.split(";")]
    # ACLED's "Unidentified Armed Group (X)" says the perpetrator is unknown: no coded actor
    return [n.strip() for n in names if n.strip() and not is_unidentified(n.strip())]


def _pairs(gold: Sequence[PloverActor], coded: Sequence[str], actors: ActorKeys) -> int:
    """How many gold actors a coded actor matches, one to one (greedy, in order)."""
    free = list(coded)
    right = 0
    for g in gold:
        hit = next((c for c in free if actors.plover_match(g, c)), None)
        if hit is not None:
            free.remove(hit)
            right += 1
    return right


def _plover_key(r: PloverRecord, e: Event, *, actors: ActorKeys) -> tuple[int, ...]:
    type_ok = plover_type(e.event_type, e.sub_event_type) == r.event
    hits = _pairs(r.sources, _role_actors(e, "source"), actors) + _pairs(
        r.targets, _role_actors(e, "target"), actors
    )
    return (int(type_ok), hits)


# --- UCDP GED --------------------------------------------------------------------------

UCDP_FIELDS = ("side_a", "side_b", "place_25km", "date", "deaths_best", "deaths_in_range")


def evaluate_ucdp(
    path: Path,
    *,
    analyzer: Analyzer,
    limit: int | None = None,
    since_year: int = 2014,
    until_year: int | None = None,
) -> EventScores:
    """Code each UCDP GED row's headlines (dated ``date_start``) and score it against the row."""
    _check_limit(limit)
    gold = read_ucdp(Path(path), since_year=since_year, until_year=until_year)
    rows = gold.rows[:limit]
    docs = [_document(r.headline, origin=f"{path}:{r.line}", published=r.date_start) for r in rows]
    coded = _code(analyzer, docs)
    actors = _actors_of(analyzer)
    tally = _Tally([*UCDP_FIELDS, "violence_type"])
    n_events = right_events = found = 0
    for row, c in zip(rows, coded, strict=True):
        checks = _UcdpChecks(row, actors)
        n_events += len(c.events)
        right_events += sum(checks.fits(e) for e in c.events)
        found += bool(c.events)
        best = _best(c.events, checks.key)
        for name in UCDP_FIELDS:
            tally.add(name, checks.field(name, best))
        tally.add("violence_type", best is not None and checks.fits(best))
    rates = tally.rates()
    return EventScores(
        rows=len(rows),
        event=PRF.of(right_pred=right_events, pred=n_events, right_gold=found, gold=len(rows)),
        fields={k: rates[k] for k in UCDP_FIELDS},
        extra={
            "coded_events": float(n_events),
            "found_rows": float(found),
            "violence_type": rates["violence_type"],
            "analysis_errors": float(sum(bool(c.error) for c in coded)),
            "skipped": float(len(gold.skipped)),
        },
        skipped=gold.skipped,
        errors=_errors(coded, [r.line for r in rows]),
    )


def _deaths(e: Event) -> int:
    best = e.fatalities_range.best
    return best if best is not None else e.fatalities


@dataclass
class _UcdpChecks:
    row: UcdpRow
    actors: ActorKeys

    def fits(self, e: Event) -> bool:
        """Whether the event's type fits the row's UCDP type of violence."""
        if e.event_type not in _VIOLENT:
            return False
        civilian = e.civilian_targeting or e.event_type == "Violence against civilians"
        if self.row.type_of_violence == 3:
            return civilian
        if self.row.type_of_violence in (1, 2):
            return not civilian
        return True

    def field(self, name: str, e: Event | None) -> bool | None:
        r = self.row
        given = {
            "side_a": bool(r.side_a),
            "side_b": bool(r.side_b),
            "place_25km": r.latitude is not None and r.longitude is not None,
            "deaths_best": r.best is not None,
            "deaths_in_range": r.low is not None and r.high is not None,
        }
        if not given.get(name, True):
            return None
        if e is None:
            return False
        if name in ("side_a", "side_b"):
            side = self.actors.ucdp_key(r.side_a if name == "side_a" else r.side_b)
            return side in {self.actors.ucdp_key(e.actor1), self.actors.ucdp_key(e.actor2)}
        if name == "place_25km":
            return _near(e, r.latitude, r.longitude)
        if name == "date":
            return e.event_date is not None and r.date_start <= e.event_date <= r.date_end
        if name == "deaths_best":
            return _deaths(e) == r.best
        low, high = r.low or 0, r.high if r.high is not None else 0
        return min(low, high) <= _deaths(e) <= max(low, high)

    def key(self, e: Event) -> tuple[int, ...]:
        return (int(self.fits(e)), sum(bool(self.field(n, e)) for n in UCDP_FIELDS))
