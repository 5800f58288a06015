"""Score Tadmor's geoparsing on gold corpora in the XML layout of Gritta et al.

"A pragmatic guide to geoparsing evaluation" (Gritta, Pilehvar and Collier, 2019) ships LGL and
GeoWebNews as ``<articles><article>...<text>...</text><toponyms><toponym>...`` files. LGL gives
each toponym a ``<start>``, ``<end>``, ``<phrase>`` and (mostly) a ``<gaztag geonameid=...>`` with
``<lat>``/``<lon>``; GeoWebNews gives ``<extractedName>``, a pragmatic ``<type>``,
``<geonamesID>``, ``<latitude>``/``<longitude>``. Both are read by the same reader.

Which gold annotations count (GeoWebNews; every LGL toponym counts):

* scored toponyms: the literal types (Literal, Literal_Modifier, Mixed, Coercion,
  Embedded_Literal) and the associative types that carry coordinates (Metonymic,
  Non_Literal_Modifier, Embedded_Non_Lit);
* ignored: Demonym, Language, Homonym (toponyms in the paper's taxonomy, but no place-name span
  a geocoder should emit, and no coordinates): a prediction on them is neither right nor wrong;
* not toponyms: Non_Toponym, Literal_Expression, Non_Lit_Expression: a prediction on them is a
  false positive.

Detection: predictions and gold toponyms are paired one to one, largest character overlap
first; a pair needs at least one shared character ("overlap" match). ``detection_strict``
pairs only identical spans. ``exact_geonameid`` is the share of all gold toponyms with a
geonameid whose paired prediction has the same id (a missed toponym counts as wrong).

``acc_161km``, ``auc`` and ``median_km`` are Gritta et al.'s geocoding metrics: computed over the
gold toponyms with coordinates that were found (paired with a prediction), as their scorer does
(``calculate_scores`` in "What's missing in geographical parsing?" keeps an error only for each
correctly identified toponym); detection is reported beside them. A found toponym whose
prediction has no place counts at the maximum error (20039 km, half the Earth's circumference).
``acc_161km_all`` and ``auc_all`` are the stricter variant over every gold toponym with
coordinates, a missed one at the maximum error. AUC: the trapezoid area under the sorted
``ln(1 + error_km)`` divided by ``ln(20039) * (n - 1)``; 0 is perfect, 1 the worst.
"""

from __future__ import annotations

import itertools
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tadmor.errors import TadmorError
from tadmor.eval.metrics import PRF
from tadmor.geo import distance_km as km
from tadmor.model import Document, Evidence, Mention, MentionKind, ParsedDoc, ResolvedPlace
from tadmor.settings import Settings

__all__ = [
    "ACC_KM",
    "ERROR_COLUMNS",
    "MAX_ERROR_KM",
    "PRF",
    "GeoScores",
    "GoldArticle",
    "GoldCorpus",
    "GoldToponym",
    "PredictedPlace",
    "Skipped",
    "TypeScores",
    "auc",
    "error_rows",
    "evaluate_gritta_xml",
    "km",
    "predict",
    "read_gritta_xml",
    "score",
    "write_errors",
]

MAX_ERROR_KM = 20039.0
ACC_KM = 161.0
LGL_TYPE = "Toponym"  # LGL does not type its toponyms

SCORED_TYPES = frozenset(
    {"Literal", "Literal_Modifier", "Mixed", "Coercion", "Embedded_Literal"}
    | {"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", LGL_TYPE}
)
IGNORED_TYPES = frozenset({"Demonym", "Language", "Homonym"})


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    toponym_type: str
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]  # the scored ones, in document order
    ignored: tuple[tuple[int, int], ...] = ()  # spans where a prediction is not scored
    source: str | None = None  # the publisher's domain (LGL's <domain>), where the file has it


@dataclass(frozen=True, slots=True)
class Skipped:
    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class GoldCorpus:
    articles: tuple[GoldArticle, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True, slots=True)
class PredictedPlace:
    """A predicted toponym span and its place (None: recognised but not resolved)."""

    start: int
    end: int
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None

    @staticmethod
    def of(rp: ResolvedPlace) -> PredictedPlace:
        ev, p = rp.mention.evidence, rp.place
        return PredictedPlace(ev.start, ev.end, p.geonameid, p.latitude, p.longitude)


@dataclass(frozen=True, slots=True)
class TypeScores:
    """Recall and geocoding by gold toponym type (GeoWebNews types; LGL has one)."""

    toponym_type: str
    gold: int
    found: int
    geocoded: int  # gold toponyms of the type with coordinates
    within_161km: int


@dataclass(frozen=True)
class GeoScores:
    docs: int
    gold_toponyms: int
    detection: PRF
    exact_geonameid: float
    acc_161km: float  # over found gold toponyms with coordinates (Gritta et al.)
    auc: float  # same toponyms; nan when none was found
    median_km: float  # same toponyms; nan when there are none
    detection_strict: PRF = field(default_factory=lambda: PRF(0.0, 0.0, 0.0))
    predicted: int = 0
    ignored_predictions: int = 0  # predictions on ignored gold types, left out of precision
    acc_161km_all: float = 0.0  # over every gold toponym with coordinates, misses at the maximum
    auc_all: float = 0.0  # same toponyms
    geocoded_gold: int = 0  # gold toponyms with coordinates (denominator of acc_161km_all)
    gold_with_geonameid: int = 0  # denominator of exact_geonameid
    matched_geocoded: int = 0  # found gold toponyms with coordinates (denominator of acc_161km)
    same_id_far: int = 0  # matched with the gold geonameid yet > 161 km from the gold point
    mean_km: float = math.nan
    median_km_all: float = math.nan  # misses at MAX_ERROR_KM
    gold_spans: bool = False
    seconds: float = 0.0
    by_type: tuple[TypeScores, ...] = ()
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, object]:
        out = _jsonable(asdict(self))
        assert isinstance(out, dict)
        return out


def _jsonable(x: object) -> object:
    if isinstance(x, float):
        return None if math.isnan(x) else round(x, 4)
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    return x


# --- reading ----------------------------------------------------------------------


def _text(el: ET.Element, *tags: str) -> str:
    for tag in tags:
        found = el.find(tag)
        if found is not None and found.text and found.text.strip():
            return found.text.strip()
    return ""


def _float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _toponym(el: ET.Element) -> GoldToponym:
    """One ``<toponym>`` of either layout; raises ValueError when its span is unusable."""
    start, end = int(_text(el, "start")), int(_text(el, "end"))
    gaz = el.find("gaztag")
    if gaz is not None or el.find("phrase") is not None:  # LGL
        gid = gaz.get("geonameid", "") if gaz is not None else ""
        lat = _float(_text(gaz, "lat")) if gaz is not None else None
        lon = _float(_text(gaz, "lon")) if gaz is not None else None
        phrase, kind = _text(el, "phrase"), LGL_TYPE
    else:  # GeoWebNews
        gid = _text(el, "geonamesID")
        lat, lon = _float(_text(el, "latitude")), _float(_text(el, "longitude"))
        phrase, kind = _text(el, "extractedName"), _text(el, "type") or LGL_TYPE
    if lat is None or lon is None:
        lat = lon = None
    return GoldToponym(
        start=start,
        end=end,
        phrase=phrase,
        toponym_type=kind,
        geonameid=int(gid) if gid.strip().isdigit() else None,
        latitude=lat,
        longitude=lon,
    )


def read_gritta_xml(path: Path, *, limit: int | None = None) -> GoldCorpus:
    """Articles and gold toponyms of an LGL / GeoWebNews style file.

    A toponym whose span lies outside the text or does not spell its phrase, and an article
    without text, are left out and listed in ``skipped`` with the reason.
    Raises TadmorError E411 when the file cannot be read as such XML.
    """
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise TadmorError("E411", f"cannot read geoparsing gold file {path}: {exc}") from exc
    nodes = root.findall("article") if root.tag != "article" else [root]
    if not nodes:
        raise TadmorError("E411", f"{path} has no <article> elements (LGL/GeoWebNews layout)")
    articles: list[GoldArticle] = []
    skipped: list[Skipped] = []
    for n, art in enumerate(nodes):
        if limit is not None and len(articles) >= limit:
            break
        doc_id = art.get("docid") or art.get("file") or art.get("id") or str(n)
        text_el = art.find("text")
        text = text_el.text if text_el is not None and text_el.text else ""
        if not text.strip():
            skipped.append(Skipped(f"article {doc_id}", "no text"))
            continue
        gold: list[GoldToponym] = []
        ignored: list[tuple[int, int]] = []
        for k, el in enumerate(art.iterfind("toponyms/toponym")):
            where = f"article {doc_id} toponym {k}"
            try:
                t = _toponym(el)
            except ValueError as exc:
                skipped.append(Skipped(where, f"unusable start/end ({exc})"))
                continue
            if not 0 <= t.start < t.end <= len(text):
                skipped.append(Skipped(where, f"span {t.start}-{t.end} outside the text"))
                continue
            if t.phrase and text[t.start : t.end] != t.phrase:
                skipped.append(
                    Skipped(where, f"span reads {text[t.start : t.end]!r}, not {t.phrase!r}")
                )
                continue
            if t.toponym_type in SCORED_TYPES:
                gold.append(t)
            elif t.toponym_type in IGNORED_TYPES:
                ignored.append((t.start, t.end))
        gold.sort(key=lambda t: (t.start, t.end))
        source = (art.findtext("domain") or art.findtext("source") or "").strip() or None
        articles.append(GoldArticle(str(doc_id), text, tuple(gold), tuple(sorted(ignored)), source))
    return GoldCorpus(tuple(articles), tuple(skipped))


# --- predicting ---------------------------------------------------------------------


def predict(
    corpus: GoldCorpus, *, settings: Settings, gold_spans: bool = False
) -> list[tuple[PredictedPlace, ...]]:
    """Tadmor's places for every article, in corpus order.

    End to end, the places are what the pipeline's :class:`~tadmor.pipeline.Analyzer` finds
    (actor spans excluded, toponyms recognised and resolved), plus nationality and continent
    adjectives ("Russian" -> Russia), which LGL and GeoWebNews annotate as toponyms
    (GeoWebNews: Non_Literal_Modifier, Literal_Modifier) but the pipeline does not take as
    event locations. With ``gold_spans`` the resolver
    gets the gold toponym spans as PLACE mentions instead of the recognised ones. Either way
    the articles are resolved as the pipeline resolves documents: in batches of
    ``settings.batch_size``, each article's source (LGL's ``<domain>``) lending it the focus
    learned from the source's other articles, unless ``settings.source_focus`` is off.
    """
    from tadmor.geo import SourceLexicon, find_toponyms, resolve_documents
    from tadmor.pipeline import Analyzer

    analyzer = Analyzer.create(settings)
    docs = [
        Document(
            doc_id=f"gold:{a.doc_id}:{i}",
            text=a.text,
            origin=f"article {a.doc_id}",
            source=a.source,
        )
        for i, a in enumerate(corpus.articles)
    ]
    # as the pipeline does: batches of settings.batch_size, one lexicon of sources for the run
    lexicon = SourceLexicon() if settings.source_focus else None
    out: list[tuple[PredictedPlace, ...]] = []
    items: list[tuple[ParsedDoc, Sequence[Mention]]] = []

    def flush() -> None:
        for places in resolve_documents(items, analyzer.gazetteer, lexicon=lexicon):
            out.append(tuple(PredictedPlace.of(p) for p in places))
        items.clear()

    for art, parsed in zip(corpus.articles, analyzer.parser.parse(docs), strict=True):
        if gold_spans:
            mentions: Sequence[Mention] = [
                Mention(
                    kind=MentionKind.PLACE,
                    evidence=Evidence.of(parsed.doc, t.start, t.end),
                    label="gold",
                )
                for t in art.toponyms
            ]
        else:
            # the pipeline's recognition (actor spans excluded), plus nationality adjectives,
            # which both corpora annotate as toponyms and the pipeline keeps out of events
            actors = analyzer.matcher.find(parsed.doc.text)
            mentions = find_toponyms(
                parsed,
                analyzer.gazetteer,
                exclude=[(a.start, a.end) for a in actors],
                demonyms=True,
            )
        items.append((parsed, mentions))
        if len(items) >= settings.batch_size:
            flush()
    flush()
    return out


# --- scoring -----------------------------------------------------------------------


def auc(errors_km: Sequence[float]) -> float:
    """Gritta et al.'s AUC of geocoding errors: 0 when all are exact, 1 when all are maximal."""
    if not errors_km:
        return 0.0
    ys = sorted(math.log1p(min(max(e, 0.0), MAX_ERROR_KM)) for e in errors_km)
    if len(ys) == 1:
        area, width = ys[0], 1
    else:
        area = sum((a + b) / 2 for a, b in itertools.pairwise(ys))
        width = len(ys) - 1
    return min(1.0, area / (math.log(MAX_ERROR_KM) * width))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _pair(gold: Sequence[GoldToponym], preds: Sequence[PredictedPlace]) -> dict[int, int]:
    """Gold index -> prediction index, one to one: identical spans, then largest overlap."""
    pairs = sorted(
        ((g.start, g.end) != (p.start, p.end), -ov, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(preds)
        if (ov := _overlap((g.start, g.end), (p.start, p.end))) > 0
    )
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi not in out and pi not in used:
            out[gi] = pi
            used.add(pi)
    return out


def _distance(g: GoldToponym, p: PredictedPlace | None) -> float | None:
    """Kilometres from the gold point to the predicted place; None when either lacks a point."""
    if p is None or p.latitude is None or p.longitude is None:
        return None
    if g.latitude is None or g.longitude is None:
        return None
    return km(g.latitude, g.longitude, p.latitude, p.longitude)


def _scored(art: GoldArticle, raw: Sequence[PredictedPlace]) -> list[PredictedPlace]:
    """The predictions that are scored: those on ignored gold types (demonyms) are left out."""
    return [
        p
        for p in raw
        if any(_overlap((p.start, p.end), (g.start, g.end)) > 0 for g in art.toponyms)
        or not any(_overlap((p.start, p.end), s) > 0 for s in art.ignored)
    ]


ERROR_COLUMNS = (
    "status",
    "article",
    "type",
    "phrase",
    "start",
    "end",
    "gold_geonameid",
    "gold_in_gazetteer",
    "predicted_geonameid",
    "predicted_name",
    "km",
)


def error_rows(
    corpus: GoldCorpus,
    predictions: Sequence[Sequence[PredictedPlace]],
    *,
    known: Callable[[int], str | None],
) -> Iterator[tuple[str, ...]]:
    """One row per gold toponym and per unpaired prediction, for error analysis.

    ``status``: ``right`` (same GeoNames id), ``near`` (another id within 161 km), ``wrong``,
    ``missed`` (no prediction overlaps it), ``extra`` (a prediction no gold toponym overlaps).
    ``known(geonameid)`` gives the gazetteer's name of a place, None when it lacks it."""
    for art, raw in zip(corpus.articles, predictions, strict=True):
        preds = _scored(art, raw)
        paired = _pair(art.toponyms, preds)
        for gi, g in enumerate(art.toponyms):
            p = preds[paired[gi]] if gi in paired else None
            err = _distance(g, p)
            if p is None:
                status = "missed"
            elif g.geonameid is not None and p.geonameid == g.geonameid:
                status = "right"
            else:
                status = "near" if err is not None and err <= ACC_KM else "wrong"
            in_gaz = "" if g.geonameid is None else str(known(g.geonameid) is not None).lower()
            pid = p.geonameid if p is not None else None
            yield (
                status,
                art.doc_id,
                g.toponym_type,
                g.phrase,
                str(g.start),
                str(g.end),
                "" if g.geonameid is None else str(g.geonameid),
                in_gaz,
                "" if pid is None else str(pid),
                (known(pid) or "") if pid is not None else "",
                "" if err is None else f"{err:.1f}",
            )
        used = set(paired.values())
        for pi, p in enumerate(preds):
            if pi in used:
                continue
            pid = p.geonameid
            yield (
                "extra",
                art.doc_id,
                "",
                art.text[p.start : p.end],
                str(p.start),
                str(p.end),
                "",
                "",
                "" if pid is None else str(pid),
                (known(pid) or "") if pid is not None else "",
                "",
            )


@dataclass
class _Tally:
    gold: int = 0
    found: int = 0
    geocoded: int = 0
    within: int = 0


def score(
    corpus: GoldCorpus,
    predictions: Sequence[Sequence[PredictedPlace]],
    *,
    gold_spans: bool = False,
    seconds: float = 0.0,
) -> GeoScores:
    """Score predicted places (one sequence per article, corpus order) against the gold."""
    if len(predictions) != len(corpus.articles):
        raise ValueError("one prediction sequence per article is needed")
    n_gold = n_pred = n_ignored = tp = strict = 0
    with_id = exact = same_id_far = 0
    errors: list[float] = []
    matched_errors: list[float] = []
    tallies: dict[str, _Tally] = {}
    for art, raw in zip(corpus.articles, predictions, strict=True):
        gold = art.toponyms
        preds = _scored(art, raw)
        n_ignored += len(raw) - len(preds)
        n_gold += len(gold)
        n_pred += len(preds)
        paired = _pair(gold, preds)
        tp += len(paired)
        spans = {(p.start, p.end) for p in preds}
        strict += sum(1 for g in {(g.start, g.end) for g in gold} if g in spans)
        for gi, g in enumerate(gold):
            tally = tallies.setdefault(g.toponym_type, _Tally())
            tally.gold += 1
            p = preds[paired[gi]] if gi in paired else None
            tally.found += p is not None
            if g.geonameid is not None:
                with_id += 1
                exact += p is not None and p.geonameid == g.geonameid
            if g.latitude is None or g.longitude is None:
                continue
            tally.geocoded += 1
            d = _distance(g, p)
            err = MAX_ERROR_KM if d is None else min(MAX_ERROR_KM, d)
            same_id = p is not None and g.geonameid is not None and p.geonameid == g.geonameid
            same_id_far += d is not None and err > ACC_KM and same_id
            if p is not None:
                matched_errors.append(err)
            errors.append(err)
            tally.within += err <= ACC_KM
    detection = (
        PRF(1.0, 1.0, 1.0)
        if gold_spans
        else PRF.of(right_pred=tp, pred=n_pred, right_gold=tp, gold=n_gold)
    )
    return GeoScores(
        docs=len(corpus.articles),
        gold_toponyms=n_gold,
        detection=detection,
        exact_geonameid=exact / with_id if with_id else 0.0,
        acc_161km=_within(matched_errors),
        auc=auc(matched_errors) if matched_errors else math.nan,
        median_km=statistics.median(matched_errors) if matched_errors else math.nan,
        detection_strict=detection
        if gold_spans
        else PRF.of(right_pred=strict, pred=n_pred, right_gold=strict, gold=n_gold),
        predicted=n_pred,
        ignored_predictions=n_ignored,
        geocoded_gold=len(errors),
        gold_with_geonameid=with_id,
        acc_161km_all=_within(errors),
        auc_all=auc(errors),
        matched_geocoded=len(matched_errors),
        same_id_far=same_id_far,
        mean_km=statistics.fmean(matched_errors) if matched_errors else math.nan,
        median_km_all=statistics.median(errors) if errors else math.nan,
        gold_spans=gold_spans,
        seconds=round(seconds, 2),
        by_type=tuple(
            TypeScores(k, t.gold, t.found, t.geocoded, t.within) for k, t in sorted(tallies.items())
        ),
        skipped=corpus.skipped,
    )


def _within(errors_km: Sequence[float]) -> float:
    return sum(e <= ACC_KM for e in errors_km) / len(errors_km) if errors_km else 0.0


def evaluate_gritta_xml(
    path: Path,
    *,
    settings: Settings,
    gold_spans: bool = False,
    limit: int | None = None,
    errors: Path | None = None,
) -> GeoScores:
    """Run Tadmor over an LGL / GeoWebNews style file and score recognition and resolution.

    ``gold_spans``: resolve the gold toponym spans instead of recognised ones (resolution
    only; detection is 1.0 by construction). ``limit``: only the first articles.
    ``seconds`` in the result is the wall time of reading, parsing, predicting and scoring.
    ``errors``: also write every gold toponym's outcome there (:func:`write_errors`).
    """
    t0 = time.perf_counter()
    corpus = read_gritta_xml(Path(path), limit=limit)
    predictions = predict(corpus, settings=settings, gold_spans=gold_spans)
    scores = score(corpus, predictions, gold_spans=gold_spans, seconds=time.perf_counter() - t0)
    if errors is not None:
        write_errors(errors, corpus, predictions, settings=settings)
    return scores


def write_errors(
    path: Path,
    corpus: GoldCorpus,
    predictions: Sequence[Sequence[PredictedPlace]],
    *,
    settings: Settings,
) -> None:
    """Write :func:`error_rows` as a tab-separated file with a header."""
    from tadmor.geo import Gazetteer

    gazetteer = Gazetteer.open(settings)
    try:

        def known(geonameid: int) -> str | None:
            place = gazetteer.get(geonameid)
            return None if place is None else place.name

        with Path(path).open("w", encoding="utf-8", newline="") as out:
            out.write("\t".join(ERROR_COLUMNS) + "\n")
            for row in error_rows(corpus, predictions, known=known):
                out.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) + "\n")
    finally:
        gazetteer.close()
