"""The LGL / GeoWebNews reader and the geoparsing scorer (detection, geocoding, AUC).

The fixtures are invented texts in the two XML layouts; the arithmetic is checked on hand-made
predictions, and one end-to-end run uses a small real gazetteer (Syria, Iraq, Turkey).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from tadmor.errors import TadmorError
from tadmor.eval.geo import (
    ERROR_COLUMNS,
    MAX_ERROR_KM,
    GoldCorpus,
    PredictedPlace,
    auc,
    error_rows,
    evaluate_gritta_xml,
    km,
    read_gritta_xml,
    score,
)
from tadmor.geo.gazetteer import build_index, index_path
from tadmor.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"
LGL = FIXTURES / "geo_lgl.xml"
GWN = FIXTURES / "geo_gwn.xml"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

MOSUL, ERBIL, IRAQ, ALEPPO, HOMS = 99072, 95446, 99237, 170063, 169577


def _perfect(corpus: GoldCorpus) -> list[tuple[PredictedPlace, ...]]:
    return [
        tuple(
            PredictedPlace(t.start, t.end, t.geonameid, t.latitude, t.longitude) for t in a.toponyms
        )
        for a in corpus.articles
    ]


# --- reading ----------------------------------------------------------------------


def test_read_lgl_layout() -> None:
    c = read_gritta_xml(LGL)
    assert [a.doc_id for a in c.articles] == ["9001", "9002"]
    assert c.skipped == ()
    a, b = c.articles
    assert [t.phrase for t in a.toponyms] == ["Mosul", "Mosul", "Erbil", "Iraq"]
    for art in c.articles:
        for t in art.toponyms:
            assert art.text[t.start : t.end] == t.phrase
    assert a.toponyms[0].geonameid == MOSUL
    assert a.toponyms[0].latitude == pytest.approx(36.335)
    street = b.toponyms[-1]
    assert street.phrase == "Baron Street" and street.geonameid is None and not street.has_point
    assert len(read_gritta_xml(LGL, limit=1).articles) == 1


def test_read_geowebnews_layout_types_and_broken_offsets() -> None:
    c = read_gritta_xml(GWN)
    [art] = c.articles
    # Demonym ignored; Literal_Expression and Non_Toponym are not toponyms
    assert [(t.phrase, t.toponym_type) for t in art.toponyms] == [
        ("Damascus", "Literal"),
        ("Damascus", "Metonymic"),
        ("Baron Street", "Literal"),
    ]
    assert art.ignored == ((0, 6),)
    street = art.toponyms[-1]
    assert street.geonameid is None and street.has_point  # coordinates without an id
    [skip] = c.skipped
    assert "outside the text" in skip.reason and "article 0" in skip.where


def test_unreadable_file_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(TadmorError) as err:
        read_gritta_xml(bad)
    assert err.value.code == "E411"
    with pytest.raises(TadmorError):
        read_gritta_xml(tmp_path / "missing.xml")


# --- arithmetic -------------------------------------------------------------------


def test_auc_definition() -> None:
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([MAX_ERROR_KM] * 3) == pytest.approx(1.0)
    assert auc([]) == 0.0
    # sorted [0, MAX]: one trapezoid of heights 0 and ln(1 + MAX), width 1
    assert auc([MAX_ERROR_KM, 0.0]) == pytest.approx(
        math.log1p(MAX_ERROR_KM) / 2 / math.log(MAX_ERROR_KM)
    )
    assert auc([1e9]) == pytest.approx(1.0)  # errors are capped at the maximum


def test_perfect_run() -> None:
    c = read_gritta_xml(LGL)
    s = score(c, _perfect(c))
    assert (s.docs, s.gold_toponyms, s.predicted) == (2, 10, 10)
    assert s.detection.f1 == 1.0 and s.detection_strict.f1 == 1.0
    assert s.exact_geonameid == 1.0 and s.acc_161km == 1.0
    assert s.auc == 0.0 and s.median_km == 0.0
    assert (s.geocoded_gold, s.gold_with_geonameid, s.matched_geocoded) == (9, 9, 9)


def test_detection_geocoding_and_misses() -> None:
    c = read_gritta_xml(LGL)
    a = c.articles[0]
    m1, m2, _, iraq = a.toponyms
    pred_a = (
        PredictedPlace(m1.start, m1.end, MOSUL, m1.latitude, m1.longitude),  # exact
        # overlapping, not identical span ("Mosul." ), other id but 1 degree of latitude away
        PredictedPlace(m2.start, m2.end + 1, 1, (m2.latitude or 0) + 1.0, m2.longitude),
        # Erbil missed; Iraq resolved to Aleppo (far away, wrong id)
        PredictedPlace(iraq.start, iraq.end, ALEPPO, 36.20124, 37.16117),
        PredictedPlace(0, 8, 5, 0.0, 0.0),  # "Shelling": a false positive
    )
    pred_b: tuple[PredictedPlace, ...] = ()  # nothing found in the second article
    s = score(c, [pred_a, pred_b])
    assert (s.gold_toponyms, s.predicted) == (10, 4)
    assert s.detection.precision == pytest.approx(3 / 4)
    assert s.detection.recall == pytest.approx(3 / 10)
    assert s.detection.f1 == pytest.approx(2 * 0.75 * 0.3 / 1.05)
    assert s.detection_strict.precision == pytest.approx(2 / 4)
    assert s.detection_strict.recall == pytest.approx(2 / 10)
    # 9 gold toponyms have an id and a point (Baron Street has neither)
    assert (s.gold_with_geonameid, s.geocoded_gold, s.matched_geocoded) == (9, 9, 3)
    assert s.exact_geonameid == pytest.approx(1 / 9)  # misses count as wrong
    # Gritta et al.: geocoding over the 3 found toponyms (Mosul exact, 111 km off, Aleppo)
    assert s.acc_161km == pytest.approx(2 / 3)
    assert s.acc_161km_all == pytest.approx(2 / 9)  # misses at the maximum error
    far = km(iraq.latitude or 0, iraq.longitude or 0, 36.20124, 37.16117)
    near = km(m2.latitude or 0, m2.longitude or 0, (m2.latitude or 0) + 1.0, m2.longitude or 0)
    assert near == pytest.approx(111.19, abs=0.1) and far > 161
    assert s.median_km == pytest.approx(near)  # median of the matched (0, 111, far)
    assert s.mean_km == pytest.approx((near + far) / 3)
    assert s.median_km_all == MAX_ERROR_KM  # 6 of 9 are misses
    assert s.auc == pytest.approx(auc([0.0, near, far]))
    assert s.auc_all == pytest.approx(auc([0.0, near, far] + [MAX_ERROR_KM] * 6))
    assert 0.5 < s.auc_all < 1.0 and s.auc < s.auc_all
    by = {t.toponym_type: t for t in s.by_type}
    assert (by["Toponym"].gold, by["Toponym"].found, by["Toponym"].within_161km) == (10, 3, 2)


def test_everything_missed_is_max_error() -> None:
    c = read_gritta_xml(LGL)
    s = score(c, [(), ()])
    assert s.detection.f1 == 0.0 and s.exact_geonameid == 0.0 and s.acc_161km == 0.0
    assert s.acc_161km_all == 0.0 and s.auc_all == pytest.approx(1.0)
    assert math.isnan(s.auc) and s.to_json()["auc"] is None  # nothing found to geocode
    assert math.isnan(s.median_km) and s.to_json()["median_km"] is None


def test_found_toponym_without_place_is_max_error() -> None:
    c = read_gritta_xml(LGL)
    a = c.articles[0]
    m1 = a.toponyms[0]
    s = score(c, [(PredictedPlace(m1.start, m1.end, None, None, None),), ()])
    assert s.matched_geocoded == 1 and s.acc_161km == 0.0
    assert s.auc == pytest.approx(1.0) and s.median_km == MAX_ERROR_KM


def test_ignored_and_non_toponym_predictions() -> None:
    c = read_gritta_xml(GWN)
    [art] = c.articles
    text = art.text
    j = text.index("Jordan")
    preds = (
        PredictedPlace(0, 6, 163843, 35.0, 38.0),  # "Syrian": a Demonym, not scored
        PredictedPlace(24, 32, 170654, 33.5102, 36.29128),  # Damascus
        PredictedPlace(j, j + 6, 248816, 31.0, 36.0),  # "Jordan" the person: false positive
    )
    s = score(c, [preds])
    assert s.ignored_predictions == 1 and s.predicted == 2
    assert s.detection.precision == pytest.approx(1 / 2)
    assert s.detection.recall == pytest.approx(1 / 3)
    # geocoding over the 3 gold toponyms with points; 2 have an id
    assert (s.geocoded_gold, s.gold_with_geonameid) == (3, 2)
    assert s.exact_geonameid == pytest.approx(1 / 2)
    assert s.acc_161km == pytest.approx(1 / 1)  # Damascus, the one found
    assert s.acc_161km_all == pytest.approx(1 / 3)
    assert s.skipped and s.to_json()["skipped"]


def test_to_json_keys() -> None:
    c = read_gritta_xml(LGL)
    out = score(c, _perfect(c), seconds=1.234).to_json()
    for key in ("docs", "gold_toponyms", "detection", "exact_geonameid", "acc_161km", "auc"):
        assert key in out
    assert out["detection"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert "detection_strict" in out and out["seconds"] == 1.23


def test_prediction_count_must_match() -> None:
    c = read_gritta_xml(LGL)
    with pytest.raises(ValueError):
        score(c, [()])


# --- end to end -------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose gazetteer index holds only Syria, Iraq and Turkey (fast to build)."""
    settings = Settings(cache_dir=tmp_path_factory.mktemp("gazetteer"))
    stats = build_index(settings, countries=("SY", "IQ", "TR"))
    shutil.move(stats.path, index_path(settings))
    return settings


def test_end_to_end_on_fixture(small_settings: Settings) -> None:
    s = evaluate_gritta_xml(LGL, settings=small_settings)
    assert s.docs == 2 and s.gold_toponyms == 10 and not s.gold_spans
    # the unambiguous names of these texts are found and resolved; Baron Street is no place
    assert s.detection.precision == 1.0
    assert s.detection.recall == pytest.approx(0.9)
    assert s.exact_geonameid == 1.0 and s.acc_161km == 1.0
    assert s.seconds > 0


def test_gold_spans_on_fixture(small_settings: Settings) -> None:
    s = evaluate_gritta_xml(LGL, settings=small_settings, gold_spans=True)
    assert s.gold_spans and s.detection.f1 == 1.0
    # every gold name but the street is in the gazetteer and resolves to the gold place
    assert s.exact_geonameid == 1.0
    assert s.matched_geocoded == 9 and s.predicted == 9
    assert s.median_km == 0.0


def test_error_rows_name_every_outcome() -> None:
    c = read_gritta_xml(LGL)
    a = c.articles[0]
    m1, m2, _, iraq = a.toponyms
    pred_a = (
        PredictedPlace(m1.start, m1.end, MOSUL, m1.latitude, m1.longitude),
        PredictedPlace(m2.start, m2.end, 1, (m2.latitude or 0) + 1.0, m2.longitude),
        PredictedPlace(iraq.start, iraq.end, ALEPPO, 36.20124, 37.16117),
        PredictedPlace(0, 8, 5, 0.0, 0.0),
    )
    names = {MOSUL: "Mosul", ALEPPO: "Aleppo"}
    rows = list(error_rows(c, [pred_a, ()], known=names.get))
    assert all(len(r) == len(ERROR_COLUMNS) for r in rows)
    status = [r[0] for r in rows]
    assert status[:4] == ["right", "near", "missed", "wrong"]
    assert status.count("extra") == 1 and status.count("missed") == 1 + 6
    wrong = rows[3]
    assert wrong[3] == iraq.phrase and wrong[9] == "Aleppo" and float(wrong[10]) > 161
    extra = next(r for r in rows if r[0] == "extra")
    assert extra[3] == a.text[0:8]


def test_errors_file_from_the_command(small_settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "errors.tsv"
    evaluate_gritta_xml(LGL, settings=small_settings, errors=out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(ERROR_COLUMNS)
    assert len(lines) == 1 + 10  # one per gold toponym, no extra predictions here


def test_real_files_smoke(settings: Settings) -> None:
    path = SHARED / "eval" / "geoparsing" / "LGL.xml"
    if not path.is_file():
        pytest.skip("../shared/eval/geoparsing is not present")
    for f in (path, path.with_name("GeoWebNews.xml")):
        out = evaluate_gritta_xml(f, settings=settings, limit=5).to_json()
        assert out["docs"] == 5
        assert isinstance(out["gold_toponyms"], int) and out["gold_toponyms"] > 0
        det = out["detection"]
        assert isinstance(det, dict)
        for key in ("precision", "recall", "f1"):
            assert 0.0 <= det[key] <= 1.0
        for key in ("exact_geonameid", "acc_161km", "auc"):
            v = out[key]
            assert isinstance(v, float) and 0.0 <= v <= 1.0
        assert out["median_km"] is None or 0.0 <= float(str(out["median_km"])) <= MAX_ERROR_KM
