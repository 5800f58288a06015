"""Resolution of ambiguous names, on invented texts.

Two gazetteers: the invented GeoNames-format files of fixtures/geonames (imported), where
"Qasr Nabil" is a town in Syria and a village in Iraq, and a real embedded index restricted to
a few countries (United States, Georgia, Syria, Iraq, Egypt, Germany, Mali).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tadmor.geo import (
    Gazetteer,
    SourceLexicon,
    distance_km,
    find_toponyms,
    resolve_documents,
    resolve_toponyms,
    source_key,
)
from tadmor.geo.coherence import mutual_support
from tadmor.geo.gazetteer import build_index
from tadmor.geo.importer import import_geonames
from tadmor.geo.worlddata import central_point, us_state_code
from tadmor.model import Document, Evidence, Mention, MentionKind, ParsedDoc, Place, ResolvedPlace
from tadmor.settings import Settings
from test_geo import by_surface, geoparse, make_parsed

FIX = Path(__file__).parent / "fixtures" / "geonames"


@pytest.fixture(scope="module")
def invented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    settings = Settings(cache_dir=tmp_path_factory.mktemp("imported"))
    files = [FIX / "places.zip", FIX / "alternateNamesV2.zip", FIX / "admin1CodesASCII.txt"]
    g = Gazetteer(import_geonames(files, settings=settings).path)
    yield g
    g.close()


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    settings = Settings(cache_dir=tmp_path_factory.mktemp("embedded"))
    g = Gazetteer(build_index(settings, countries=("US", "GE", "SY", "IQ", "EG", "DE", "ML")).path)
    yield g
    g.close()


def test_same_name_in_two_countries(invented: Gazetteer) -> None:
    bare = by_surface(geoparse("Shelling was reported in Qasr Nabil on Sunday.", invented))
    assert bare["Qasr Nabil"].place.country_code == "SY"  # the larger town, on population
    iraq = "Iraqi police said gunmen stormed Qasr Nabil, a village in Iraq."
    found = by_surface(geoparse(iraq, invented))
    assert found["Qasr Nabil"].place.geonameid == 90000002
    assert found["Qasr Nabil"].place.country_code == "IQ"


def test_town_and_its_province_in_the_invented_gazetteer(invented: Gazetteer) -> None:
    text = "Troops left Wadi Sarab for the south of Sarab Governorate."
    found = by_surface(geoparse(text, invented))
    assert found["Wadi Sarab"].place.feature_code == "PPLA"
    assert found["Wadi Sarab"].geo_precision == 1
    province = found["Sarab Governorate"]
    assert province.place.feature_code == "ADM1" and province.geo_precision == 3


def test_village_northeast_of_a_town_is_the_towns_point(invented: Gazetteer) -> None:
    text = "A drone struck a village 12 km northeast of Wadi Sarab on Monday."
    r = by_surface(geoparse(text, invented))["Wadi Sarab"]
    town = invented.lookup("Wadi Sarab")[0]
    assert r.geo_precision == 2
    assert (r.place.latitude, r.place.longitude) == (town.latitude, town.longitude)


def test_features_resolve(invented: Gazetteer) -> None:
    found = by_surface(geoparse("Workers fled the Nabil Gas Field near Sarab Dam.", invented))
    assert found["Nabil Gas Field"].place.feature_code == "GASF"
    assert found["Sarab Dam"].place.feature_code == "DAM"


def test_georgia_the_state_in_a_text_about_the_united_states(real: Gazetteer) -> None:
    us = "Storms hit Atlanta and Savannah overnight, and the governor of Georgia asked for aid."
    ge = "Russian troops stayed in Georgia after the war, officials in Tbilisi said."
    state = by_surface(geoparse(us, real, entities=[("Georgia", "GPE")]))["Georgia"]
    country = by_surface(geoparse(ge, real, entities=[("Georgia", "GPE")]))["Georgia"]
    assert (state.place.feature_code, state.place.country_code) == ("ADM1", "US")
    assert (country.place.feature_code, country.place.country_code) == ("PCLI", "GE")


def test_state_abbreviation_after_a_town(real: Gazetteer) -> None:
    text = "A tornado damaged homes in Wichita, Kan., and in Elkins, W. Va., on Tuesday."
    found = by_surface(geoparse(text, real))
    assert found["Kan."].place.name == "Kansas" and found["Kan."].place.feature_code == "ADM1"
    assert found["W. Va."].place.name == "West Virginia"
    assert found["Wichita"].place.admin1 == "Kansas"
    assert found["Elkins"].place.admin1 == "West Virginia"
    assert us_state_code("Miss.") == "MS" and us_state_code("miss") is None
    assert "Kan" not in by_surface(geoparse("Kan said the vote was close.", real))


def test_state_abbreviations_standalone(real: Gazetteer) -> None:
    text = (
        "Rep. Ann Dorsey, D-S.C., praised the N.J. State Police and officers from Ohio. "
        "Flooding closed roads in Ga. on Monday. The choir sang at Mass. Troops left in 500 B.C."
    )
    found = geoparse(text, real)
    names = [(r.mention.evidence.quote, r.place.name) for r in found]
    assert ("S.C.", "South Carolina") in names
    assert ("N.J.", "New Jersey") in names
    assert ("Ga.", "Georgia") in names
    assert all(q not in ("Mass.", "B.C.") for q, _ in names)


def test_state_written_after_a_town_scopes_it(real: Gazetteer) -> None:
    # "Paris" alone is a small US town here (no France in this index): Texas picks its own
    found = by_surface(geoparse("The fair opened in Paris, Texas, on Friday.", real))
    assert found["Paris"].place.admin1 == "Texas"


def test_demonyms_only_when_asked(real: Gazetteer) -> None:
    parsed = make_parsed("Iraqi and Syrian officials met American envoys.")
    assert not find_toponyms(parsed, real)
    found = find_toponyms(parsed, real, demonyms=True)
    assert [m.evidence.quote for m in found] == ["Iraqi", "Syrian", "American"]
    places = resolve_toponyms(parsed, found, real)
    assert [(p.place.country_code, p.geo_precision) for p in places] == [
        ("IQ", 3),
        ("SY", 3),
        ("US", 3),
    ]


def test_countries_inside_actor_names_when_demonyms_are_asked(real: Gazetteer) -> None:
    text = "The Syrian army and US forces met Egyptian envoys."
    parsed = make_parsed(text)
    army, forces = (text.index("The Syrian army"), 15), (text.index("US forces"), 0)
    exclude = [(army[0], army[0] + army[1]), (forces[0], forces[0] + len("US forces"))]
    assert [m.evidence.quote for m in find_toponyms(parsed, real, exclude=exclude)] == []
    found = find_toponyms(parsed, real, exclude=exclude, demonyms=True)
    assert [m.evidence.quote for m in found] == ["Syrian", "US", "Egyptian"]
    places = resolve_toponyms(parsed, found, real)
    assert [p.place.country_code for p in places] == ["SY", "US", "EG"]


def test_country_and_state_points_are_central(real: Gazetteer) -> None:
    us = real.country("US")
    assert us is not None
    assert distance_km(us.latitude, us.longitude, 39.8, -98.6) < 161  # not Washington
    texas = next(p for p in real.lookup("Texas") if p.feature_code == "ADM1")
    assert distance_km(texas.latitude, texas.longitude, 31.2, -99.3) < 161
    assert central_point([(0.0, 170.0), (0.0, -170.0)]) == (0.0, 180.0)


# --- document coherence, counties, alternate names -----------------------------------


def test_alexandria_among_virginia_towns_is_in_virginia(real: Gazetteer) -> None:
    local = (
        "Commuters from Fairfax and Arlington crowded the trains on Monday. In Alexandria, "
        "the council voted to widen the waterfront path."
    )
    bare = by_surface(geoparse("Tourists returned to Alexandria after the storm.", real))
    here = by_surface(geoparse(local, real))["Alexandria"]
    assert bare["Alexandria"].place.country_code == "EG"  # alone, the larger city
    assert (here.place.country_code, here.place.admin1) == ("US", "Virginia")


def test_a_county_name_resolves_to_the_county(real: Gazetteer) -> None:
    text = "The burn ban for Walker County was lifted, the fire chief in Huntsville said."
    found = by_surface(geoparse(text, real))
    county = found["Walker County"].place
    assert (county.feature_code, county.country_code) == ("ADM2", "US")
    assert found["Walker County"].geo_precision == 3
    assert county.admin1 == found["Huntsville"].place.admin1  # the two agree on a state
    bare = by_surface(geoparse("Crews were sent to Walker on Friday.", real))["Walker"]
    assert bare.place.feature_class == "P"  # a bare name is the town, not the county


def test_an_alternate_name_far_from_the_story_is_left_unresolved(real: Gazetteer) -> None:
    assert real.alternate_ids("boni")  # an old name of Bonn
    mali = "Soldiers left Gao and Mopti for an army post near Boni, in Mali, on Sunday."
    found = by_surface(geoparse(mali, real, entities=[("Boni", "GPE")]))
    assert found.get("Boni") is None or found["Boni"].place.country_code == "ML"
    assert found["Gao"].place.country_code == "ML"


def test_own_name_beats_an_alternate_name(real: Gazetteer) -> None:
    huntsville = next(p for p in real.lookup("Huntsville") if p.admin1 == "Alabama")
    assert huntsville.geonameid in real.alternate_ids("twickenham")
    assert huntsville.geonameid not in real.alternate_ids("huntsville")


def test_mutual_support_of_nearby_candidates() -> None:
    def town(gid: int, lat: float, lon: float, admin1: str = "A") -> Place:
        return Place(gid, f"t{gid}", "XX", "X", admin1, lat, lon, "P", "PPL", 1000)

    province = Place(9, "A", "XX", "X", "A", 10.0, 10.0, "A", "ADM1", 10_000)
    near, far = town(1, 10.0, 10.0), town(2, 40.0, 40.0, "B")
    support = mutual_support([[near, far], [town(3, 10.3, 10.2)], [province]])
    assert support[0][1] == 1.0 and 2 not in support[0]
    assert support[1][3] > 0 and support[2][9] > 0  # the province holds the other names' towns
    # a small reading of a name whose main reading is a country receives support from its
    # neighbours ("Lebanon" beside two towns near Lebanon, Indiana), but lends none
    country = Place(7, "Big", "YY", "Y", "", 0.0, 0.0, "A", "PCLI", 5_000_000)
    small = town(8, 10.1, 10.1)
    support = mutual_support([[country, small], [town(3, 10.3, 10.2)], [town(4, 10.0, 10.3)]])
    assert support[0][8] == 1.0
    assert support[1][3] == pytest.approx(1.0)  # from town 4 alone: the small reading lends none


def _quotes(text: str, gaz: Gazetteer) -> list[str]:
    return [m.evidence.quote for m in find_toponyms(make_parsed(text), gaz)]


def test_person_cues_keep_surnames_out(real: Gazetteer) -> None:
    assert real.lookup("Moore")  # a town in Oklahoma
    text = "Ann Moore runs the bakery on Main Street. Moore said sales rose in Dallas."
    assert _quotes(text, real) == ["Dallas"]
    assert _quotes("Sales rose, said Moore, who lives in Dallas.", real) == ["Dallas"]
    assert "Moore" in _quotes("The tornado reached Moore on Tuesday.", real)
    assert "Moore County" in _quotes("Ann Moore moved to Moore County last year.", real)


def test_a_word_ending_a_longer_name_is_no_place(real: Gazetteer) -> None:
    assert real.lookup("Concordia")
    assert "Concordia" not in _quotes("Students of Lutheran Concordia stacked sandbags.", real)
    assert "Dallas" in _quotes("Traffic slowed in Downtown Dallas on Monday.", real)
    assert _quotes("In Concordia, the river rose.", real) == ["Concordia"]


def test_datelines_in_capitals(real: Gazetteer) -> None:
    text = (
        "Crews worked all night.\nELKINS, W. Va. (AP) -- A bridge closed. ALEPPO: Shops reopened."
    )
    names = {r.mention.evidence.quote: r.place for r in geoparse(text, real)}
    assert names["ELKINS"].admin1 == "West Virginia"
    assert names["ALEPPO"].country_code == "SY"
    # capitals that open no dateline stay out
    assert "ELKINS" not in by_surface(geoparse("He wrote ELKINS on the wall.", real))


def test_a_place_before_an_office_is_no_persons_name(real: Gazetteer) -> None:
    text = "The road was closed by Elkins Fire Chief Dan Hale and Walker County Sheriff Jo Reed."
    entities = [("Elkins Fire", "PERSON"), ("Walker County Sheriff", "PERSON")]
    found = by_surface(geoparse(text, real, entities=entities))
    assert found["Elkins"].place.admin1 == "West Virginia"
    assert "Walker County" in found
    # a place-like word inside a real person's name stays out
    assert not geoparse("Rita Elkins spoke.", real, entities=[("Rita Elkins", "PERSON")])


def test_plural_nationality_nouns_and_subdivision_short_names() -> None:
    from tadmor.geo.embedded import admin1_variants
    from tadmor.geo.normalize import demonym_country

    assert demonym_country("Canadians") == "CA" and demonym_country("Czechs") == "CZ"
    assert demonym_country("Texas") is None and demonym_country("Swiss") == "CH"
    assert admin1_variants("Dagestan, Respublika") == {"Dagestan"}
    assert admin1_variants("Khabarovsk Krai") == {"Khabarovsk"}
    assert admin1_variants("Republic of Tatarstan") == {"Tatarstan"}
    assert admin1_variants("Hama") == set()


def test_a_country_named_in_passing_does_not_pull_a_world_city_abroad(real: Gazetteer) -> None:
    # Cairo, Illinois is a thousand times smaller than Cairo, Egypt: the United States named
    # in the story is no reason to take it
    text = "Officials in the United States and Germany said the talks in Cairo would resume."
    assert by_surface(geoparse(text, real))["Cairo"].place.country_code == "EG"
    # a nearby place in the text still decides for the small reading
    local = "The levee at Cairo, Illinois held; Mound City and Olive Branch were flooded."
    assert by_surface(geoparse(local, real))["Cairo"].place.country_code == "US"


def test_names_inside_hyphenated_words_and_party_tags(real: Gazetteer) -> None:
    text = (
        "Sen. Jo Hale, R-Elkins, said water rose in Fargo-Moorhead. The Winston-Salem "
        "council met. ELKINS - Walker County officials voted Monday."
    )
    entities = [("ELKINS - Walker County", "PERSON"), ("The Winston-Salem", "ORG")]
    found = by_surface(geoparse(text, real, entities=entities))
    assert found["Elkins"].place.admin1 == "West Virginia"
    assert found["Fargo"].place.admin1 == "North Dakota"
    assert found["Moorhead"].place.admin1 == "Minnesota"
    assert found["Winston-Salem"].place.admin1 == "North Carolina"
    assert "ELKINS" in found


def test_a_place_before_its_own_office_or_body(real: Gazetteer) -> None:
    text = "The plan went to the Elkins City Council. On Sunday Wichita police closed the road."
    found = by_surface(geoparse(text, real, entities=[("Elkins City Council", "ORG")]))
    assert found["Elkins"].place.admin1 == "West Virginia"
    assert found["Wichita"].place.admin1 == "Kansas"
    # without the office, the same small town in a text about nowhere stays out
    assert "Elkins" not in by_surface(geoparse("The plan went to the Elkins Market.", real))


def test_a_province_named_after_one_of_its_towns(real: Gazetteer) -> None:
    text = "The firm, based in Albany, New York, flies to New York and Cairo."
    found = geoparse(text, real)
    kinds = [(r.mention.evidence.quote, r.place.feature_code) for r in found]
    assert ("New York", "ADM1") in kinds and ("New York", "PPL") in kinds
    # two towns of one country in a row stay towns
    towns = by_surface(geoparse("Shelling hit Aleppo, Hama.", real))
    assert towns["Hama"].place.feature_class == "P"


def test_names_with_and_and_a_state_abbreviation_over_a_town(real: Gazetteer) -> None:
    text = "Envoys from Mobile, Ala., and L.A. met in Aleppo and Hama."
    found = by_surface(geoparse(text, real))
    assert [r.place.name for q, r in found.items() if q.startswith("Ala")] == ["Alabama"]
    assert found["L.A."].place.name == "Los Angeles"
    assert found["Aleppo"].place.country_code == "SY" and "Aleppo and Hama" not in found


def test_a_provinces_people_when_demonyms_are_asked(real: Gazetteer) -> None:
    from tadmor.geo.recognize import province_demonym

    text = "Texans and Ohioans voted; Susan Dean met Iraqi envoys."
    parsed = make_parsed(text, entities=[("Susan Dean", "PERSON")])
    found = find_toponyms(parsed, real, demonyms=True)
    places = {r.mention.evidence.quote: r.place.name for r in resolve_toponyms(parsed, found, real)}
    assert places == {"Texans": "Texas", "Ohioans": "Ohio", "Iraqi": "Iraq"}
    assert not find_toponyms(parsed, real)  # the pipeline never takes them as places
    assert province_demonym("Victorian", real) is None
    assert province_demonym("Kentuckian", real) is not None


def test_bylines_headline_abbreviations_and_demonym_prefixes(real: Gazetteer) -> None:
    text = (
        "By Jo Reed, March 29, 2009 ELKINS -- Boaters avoid Ga. tax, and W. Va. officials agree. "
        "Elkins Municipal Court Judge Al Day ruled."
    )
    entities = [("Elkins Municipal Court Judge Al Day", "PERSON")]
    found = geoparse(text, real, entities=entities)
    names = [(r.mention.evidence.quote, r.place.name) for r in found]
    assert ("ELKINS", "Elkins") in names and ("Ga.", "Georgia") in names
    assert ("Elkins", "Elkins") in names


def test_a_town_that_only_starts_a_nationality_is_no_town(settings: Settings) -> None:
    gaz = Gazetteer.open(settings)  # the whole embedded gazetteer: it knows a town "Sri"
    try:
        assert gaz.has_key("sri")
        parsed = make_parsed("Boats sank in Sri Lankan waters, Iraqi officials said.")
        quotes = [m.evidence.quote for m in find_toponyms(parsed, gaz, demonyms=True)]
        assert "Sri" not in quotes and "Sri Lankan" in quotes and "Iraqi" in quotes
    finally:
        gaz.close()


def test_a_designation_shared_by_a_list_of_names(real: Gazetteer) -> None:
    text = "Shelling hit Idlib, Hama and Daraa provinces. Aleppo and other provinces were calm."
    found = geoparse(text, real)
    kinds = {r.mention.evidence.quote: r.place.feature_code for r in found}
    assert kinds["Idlib"] == kinds["Hama"] == "ADM1"
    assert kinds["Aleppo"] == "PPL"  # "other provinces" names no list
    counties = by_surface(geoparse("Floods hit Walker and Jefferson counties in Alabama.", real))
    assert counties["Walker"].place.feature_code == "ADM2"
    assert counties["Walker"].place.admin1 == "Alabama"


def test_nationality_words_of_the_whole_country_list() -> None:
    from tadmor.geo.normalize import demonym_country

    assert demonym_country("Jamaican") == "JM" and demonym_country("Slovak") == "SK"
    assert demonym_country("Trinidadian") == "TT" and demonym_country("Maltese") == "MT"
    # place names shaped like nationality words stay places; languages stay languages
    assert demonym_country("Eswatini") is None and demonym_country("Vatican") is None
    assert demonym_country("English") is None


def test_canadian_province_abbreviations(settings: Settings) -> None:
    gaz = Gazetteer.open(settings)  # the whole embedded gazetteer: Canada is in it
    try:
        text = "A FrontCounter BC office opened. Fire hit London, Ont., on Friday. Rome rose in 753 BC."
        found = [(r.mention.evidence.quote, r.place.name) for r in geoparse(text, gaz)]
        assert ("BC", "British Columbia") in found and ("Ont.", "Ontario") in found
        assert sum(1 for q, _ in found if q == "BC") == 1  # "753 BC" is a year
        assert by_surface(geoparse(text, gaz))["London"].place.country_code == "CA"
    finally:
        gaz.close()


@pytest.fixture(scope="module")
def atlantic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    settings = Settings(cache_dir=tmp_path_factory.mktemp("atlantic"))
    g = Gazetteer(build_index(settings, countries=("US", "CA", "GB", "FR")).path)
    yield g
    g.close()


def test_a_town_after_a_comma_scopes_by_the_town_it_resolves_to(atlantic: Gazetteer) -> None:
    # "London" has readings in Ontario and Kentucky, where Paris has towns too; but London
    # here is the British capital, so "Paris, London" gives Paris no Canadian scope
    text = "Apart from Paris, London is the only city with a direct night train to Glasgow."
    found = by_surface(geoparse(text, atlantic))
    assert found["London"].place.country_code == "GB"
    assert found["Paris"].place.country_code == "FR"
    # a neighbourhood after its city still reads inside the city's province
    text = "Police closed streets in Hollywood, Los Angeles, after the parade."
    found = by_surface(geoparse(text, atlantic))
    assert found["Hollywood"].place.admin1 == "California"


def test_a_small_town_opening_an_institutions_name_is_no_place(real: Gazetteer) -> None:
    text = "Two professors from Cornell University and a nurse from Wichita, Kan., testified."
    found = by_surface(geoparse(text, real))
    assert "Cornell" not in found  # a town in Wisconsin, but here a founder's name
    assert found["Wichita"].place.admin1 == "Kansas"
    # a city or a province still opens its own institutions' names
    found = by_surface(geoparse("Students at Boston University and Ohio State marched.", real))
    assert found["Boston"].place.admin1 == "Massachusetts"
    # and the same name is a place where the text makes it one
    text = "The Cornell College choir sang in Cornell on Sunday."
    assert "Cornell" in by_surface(geoparse(text, real))


def test_world_regions_and_their_adjectives(settings: Settings) -> None:
    gaz = Gazetteer.open(settings)  # regions are rows of the whole embedded gazetteer only
    try:
        # the region, not the neighbourhood of Baltimore that bears the name
        text = "Aid agencies across the Middle East and West Africa asked for more money."
        found = by_surface(geoparse(text, gaz))
        mideast, west_africa = found["Middle East"], found["West Africa"]
        assert mideast.place.feature_code == "RGN" and mideast.geo_precision == 3
        assert distance_km(mideast.place.latitude, mideast.place.longitude, 29.0, 42.0) < 800
        assert west_africa.place.name == "Western Africa"
        assert 0 < west_africa.place.latitude < 20 and -20 < west_africa.place.longitude < 10
        # adjectives of regions name the region; "Indian Ocean" names no India
        text = "Central American migrants crossed by boat; an Indian Ocean storm grew."
        parsed = make_parsed(text)
        mentions = find_toponyms(parsed, gaz, demonyms=True)
        assert [m.evidence.quote for m in mentions] == ["Central American"]
        [place] = resolve_toponyms(parsed, mentions, gaz)
        assert place.place.name == "Central America" and place.place.feature_code == "RGN"
    finally:
        gaz.close()


def test_a_small_town_tagged_a_person_needs_the_text_to_make_it_a_place(real: Gazetteer) -> None:
    # "Elkins" is a town in West Virginia; here NER reads it as a person's name
    text = "The mayor of Atlanta thanked Elkins for the report on the new stadium."
    found = by_surface(geoparse(text, real, entities=[("Elkins", "PERSON")]))
    assert "Elkins" not in found and found["Atlanta"].place.admin1 == "Georgia"
    # after a locative word it is the town, whatever the tag
    text = "The flood reached Elkins before dawn."
    found = by_surface(geoparse(text, real, entities=[("Elkins", "PERSON")]))
    assert found["Elkins"].place.admin1 == "West Virginia"


def test_feasts_and_seasons_are_no_places(settings: Settings) -> None:
    gaz = Gazetteer.open(settings)  # knows "Passover" as a name of a Tennessee town
    try:
        assert gaz.has_key("passover") and gaz.has_key("pentecost")
        text = "Families from Chicago gathered for Passover, and for Pentecost in the spring."
        assert _quotes(text, gaz) == ["Chicago"]
    finally:
        gaz.close()


def test_compass_regions_and_trade_words_are_no_towns(settings: Settings) -> None:
    gaz = Gazetteer.open(settings)  # knows towns called Commerce, Mart and North East
    try:
        assert gaz.has_key("commerce") and gaz.has_key("mart") and gaz.has_key("northeast")
        text = "Snow hit the Northeast; the Commerce Department and Wal-Mart stores in Dallas shut."
        assert _quotes(text, gaz) == ["Dallas"]
    finally:
        gaz.close()


def test_titles_and_weak_locatives_before_a_surname(real: Gazetteer) -> None:
    # "coach" is a title: the town of Elkins, West Virginia is not meant
    found = by_surface(geoparse("In Atlanta, the team thanked coach Elkins.", real))
    assert "Elkins" not in found and "Atlanta" in found
    # Rita Moore is a person of the story: "of Moore'" is hers, "Tom Hale, of Moore" a town's
    persons = [("Rita Moore", "PERSON"), ("Tom Hale", "PERSON")]
    text = "Rita Moore spoke in Atlanta. Critics wrote of Moore' budget."
    assert "Moore" not in by_surface(geoparse(text, real, entities=persons[:1]))
    text = "Rita Moore spoke in Atlanta. The driver, Tom Hale, of Moore, was hurt."
    found = by_surface(geoparse(text, real, entities=persons))
    assert found["Moore"].place.admin1 == "Oklahoma"


def test_saint_mount_and_fort_are_written_either_way(atlantic: Gazetteer) -> None:
    from tadmor.geo.normalize import normalize_name

    assert normalize_name("St. Petersburg") == normalize_name("Saint Petersburg")
    assert normalize_name("Mt. Vernon") == normalize_name("Mount Vernon")
    assert normalize_name("Ft. Worth") == normalize_name("Fort Worth")
    assert normalize_name("Mount") == "mount"  # a one-word name keeps its word
    # the gazetteer's own name is "Saint ...": the abbreviation is no mere alternate name
    found = by_surface(
        geoparse("Crowds filled the streets of St Etienne after the match.", atlantic)
    )
    assert found["St Etienne"].place.country_code == "FR"


def test_a_town_tagged_a_person_after_of_is_still_a_place(real: Gazetteer) -> None:
    # NER reads "Elkins" as a person, but "the edge of" takes a place; "the wife of" a person
    persons = [("Elkins", "PERSON")]
    text = "A car bomb hit a checkpoint on the edge of Elkins, in Atlanta's shadow."
    assert "Elkins" in by_surface(geoparse(text, real, entities=persons))
    text = "In Atlanta, the wife of Elkins spoke."
    assert "Elkins" not in by_surface(geoparse(text, real, entities=persons))


def test_a_town_and_its_county_named_apart(real: Gazetteer) -> None:
    """A town and a county named in the same text are the town inside that county, where
    there is one: Paris, Tennessee lies in Henry County; Paris, Texas in Lamar County."""
    text = (
        "Deputies from the Henry County sheriff's office arrested a man after a break-in at "
        "a hardware store in Paris on Tuesday."
    )
    found = by_surface(geoparse(text, real))
    assert found["Paris"].place.admin1 == found["Henry County"].place.admin1 == "Tennessee"
    text = "Lamar County commissioners met in Paris on Monday to talk about the new jail."
    found = by_surface(geoparse(text, real))
    assert found["Paris"].place.admin1 == found["Lamar County"].place.admin1 == "Texas"
    assert real.county_of(found["Paris"].place) == found["Lamar County"].place.geonameid


def test_a_small_town_is_no_reading_of_an_unlike_alternate_name(real: Gazetteer) -> None:
    """GeoNames lists "Commissioner" among McIntyre's (Georgia) names and "Fox" among Victor's
    (Idaho): a word the NER does not call a place is no such town."""
    text = "Commissioner Ray Hale said Lamar County would repave the road east of Paris."
    found = by_surface(geoparse(text, real))
    assert "Commissioner" not in found
    assert found["Lamar County"].place.admin1 == "Texas"
    found = by_surface(geoparse("A Fox crew filmed the crowd at the courthouse in Boise.", real))
    assert "Fox" not in found and found["Boise"].place.admin1 == "Idaho"


def test_a_country_name_read_as_a_province_is_that_province_for_the_others(
    real: Gazetteer,
) -> None:
    """ "Georgia" is first read as the country, then as the state beside towns of the United
    States; Atlanta must then follow the state, not Texas."""
    text = (
        "Georgia lawmakers met in Atlanta on Monday. Georgia has sent the bill to the governor, "
        "and Atlanta police closed the streets. A Texas delegation joined them in Georgia."
    )
    found = by_surface(geoparse(text, real))
    assert found["Georgia"].place.feature_code == "ADM1"
    assert found["Atlanta"].place.admin1 == "Georgia"


# --- a source's focus (local lexicon) ------------------------------------------------------

_VALLEY = [  # an invented local paper: its reports are about towns of western Massachusetts
    "Holyoke firefighters put out a blaze at a mill on Friday, Massachusetts officials said.",
    "Chicopee and Holyoke schools closed after the storm, the mayor of Westfield said.",
    "Police in Westfield, Massachusetts, arrested two men after a chase through Chicopee.",
]
_BARE = "Springfield police arrested a man after a shooting on Main Street."


def _sourced(text: str, source: str | None) -> ParsedDoc:
    parsed = make_parsed(text)
    return replace(parsed, doc=replace(parsed.doc, source=source))


def _resolve_batch(
    texts: list[str], gaz: Gazetteer, source: str | None, lexicon: SourceLexicon | None
) -> list[dict[str, ResolvedPlace]]:
    parsed = [_sourced(t, source) for t in texts]
    items = [(p, find_toponyms(p, gaz)) for p in parsed]
    return [by_surface(r) for r in resolve_documents(items, gaz, lexicon=lexicon)]


def test_a_local_papers_bare_town_is_its_own(real: Gazetteer) -> None:
    alone = by_surface(geoparse(_BARE, real))["Springfield"].place
    assert alone.admin1 == "Missouri"  # on its own the largest Springfield
    *_, bare = _resolve_batch([*_VALLEY, _BARE], real, "Valley Courier", SourceLexicon())
    assert bare["Springfield"].place.admin1 == "Massachusetts"


def test_a_source_focus_needs_a_source_and_a_lexicon(real: Gazetteer) -> None:
    for source, lexicon in (("Valley Courier", None), (None, SourceLexicon())):
        *_, bare = _resolve_batch([*_VALLEY, _BARE], real, source, lexicon)
        assert bare["Springfield"].place.admin1 == "Missouri"


def test_the_reports_own_words_outweigh_its_sources_focus(real: Gazetteer) -> None:
    text = "Springfield, Illinois police arrested a man after a shooting near the capitol."
    *_, own = _resolve_batch([*_VALLEY, text], real, "Valley Courier", SourceLexicon())
    assert own["Springfield"].place.admin1 == "Illinois"


def test_the_lexicon_learns_across_batches_and_leaves_the_document_out(real: Gazetteer) -> None:
    lexicon = SourceLexicon()
    _resolve_batch(_VALLEY[:2], real, "Valley Courier", lexicon)
    first = lexicon.focus("valley courier", "not-yet-seen")
    assert first is not None and first.documents == 2
    assert first.provinces[0] == (("US", "Massachusetts"), 1.0)
    # a document's own provinces do not vote for themselves: one other document is too few
    own = _sourced(_VALLEY[0], "Valley Courier").doc.doc_id
    fresh = SourceLexicon()
    _resolve_batch(_VALLEY[:2], real, "Valley Courier", fresh)
    assert fresh.focus("valley courier", own) is None
    [bare] = _resolve_batch([_BARE], real, "Valley Courier", lexicon)  # a later batch
    assert bare["Springfield"].place.admin1 == "Massachusetts"


def test_adding_a_document_again_changes_no_count() -> None:
    lexicon = SourceLexicon()
    place = Place(1, "Holyoke", "US", "United States", "Massachusetts", 42.2, -72.6)
    other = Place(2, "Salem", "US", "United States", "Oregon", 44.9, -123.0)
    for doc_id, p in (("a", place), ("b", place), ("c", other)):
        lexicon.add("paper", doc_id, [_resolved(p)])
    before = lexicon.focus("paper", "d")
    lexicon.add("paper", "a", [_resolved(place)])
    assert lexicon.focus("paper", "d") == before
    assert before is not None
    assert dict(before.provinces) == {("US", "Massachusetts"): 0.6667, ("US", "Oregon"): 0.3333}
    lexicon.add("paper", "a", [_resolved(other)])  # a re-analysed document replaces its vote
    after = lexicon.focus("paper", "d")
    assert after is not None and after.provinces[0] == (("US", "Oregon"), 0.6667)


def _resolved(place: Place, confidence: float = 0.9) -> ResolvedPlace:
    doc = Document(doc_id="x", text=place.name, origin="test")
    mention = Mention(MentionKind.PLACE, Evidence.of(doc, 0, len(place.name)))
    return ResolvedPlace(mention=mention, place=place, confidence=confidence, geo_precision=1)


def test_source_key_is_the_publisher_or_the_urls_host() -> None:
    def doc(**kw: str) -> Document:
        return Document(doc_id="d", text="x", origin="test", **kw)  # type: ignore[arg-type]

    assert source_key(doc(source=" Valley Courier ")) == "valley courier"
    assert source_key(doc(url="https://www.valleycourier.example/a/1")) == "valleycourier.example"
    assert source_key(doc(source="Wire", url="https://www.x.example/")) == "wire"
    assert source_key(doc()) is None
    assert source_key(doc(url="http://[bad")) is None
