"""Name normalisation shared by the gazetteer index, the recogniser and the resolver.

A place name and its variants ("al-Raqqa", "Ar Raqqah", "Raqqa", "Raqqa Governorate") must
meet on one key. :func:`normalize_name` transliterates to ASCII, lowercases, drops
apostrophes and ayn/hamza marks, turns hyphens into spaces, removes the Arabic article in
its transliterations (al-, el-, ar-, ash-...) and a trailing designation word
("province", "governorate", "district", "city"), and folds a final "-ah" into "-a".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

# Transliterations of the Arabic article (and its sun-letter assimilations).
ARTICLES = frozenset(
    {"al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "an", "ed", "er", "es", "ez", "et"}
    | {"en"}
)
# Words after a name that say what kind of area it is.
ADMIN_DESIGNATIONS = frozenset(
    {
        "province",
        "provinces",
        "governorate",
        "governorates",
        "district",
        "region",
        "prefecture",
        "county",
        "oblast",
        "state",
        "muhafazah",
        "wilayah",
        "wilayat",
        "department",
        "municipality",
        "popularate",
    }
)
CITY_DESIGNATIONS = frozenset({"city", "town", "village"})
DESIGNATIONS = ADMIN_DESIGNATIONS | CITY_DESIGNATIONS
# Designations that name the first-level subdivision itself (the others may be lower levels).
ADMIN1_DESIGNATIONS = frozenset({"province", "provinces", "governorate", "governorates"}) | {
    "muhafazah",
    "wilayah",
    "wilayat",
    "state",
    "region",
    "oblast",
    "prefecture",
    "department",
    "popularate",
}

_DROP = re.compile(r"['`´ʼʻʾʿ’‘\"“”.]")
_SEP = re.compile(r"[^a-z0-9]+")
_PREFIX_OF = re.compile(
    r"^(?:the\s+)?(?:state|commonwealth|province|governorate|republic)\s+of\s+", re.I
)


@lru_cache(maxsize=65_536)
def normalize_name(s: str) -> str:
    """The lookup key of a place name: ``"al-Raqqa"``, ``"Ar Raqqah"`` and ``"Raqqa"``
    all give ``"raqqa"``; ``"Homs Governorate"`` gives ``"homs"``. "City" is kept
    (``"Kansas City"`` is no ``"Kansas"``): see :func:`split_designation`."""
    return _key(s, strip_designation=True)


def name_key(s: str) -> str:
    """:func:`normalize_name` without its cache (for bulk indexing of distinct names)."""
    return _key(s, strip_designation=True)


def _words(s: str) -> list[str]:
    t = (s if s.isascii() else unidecode(s)).lower()
    return [w for w in _SEP.split(_DROP.sub("", t)) if w]


# Words of multi-word names that news write either way: the key takes the short form.
_SHORT_FORMS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}


def _key(s: str, *, strip_designation: bool) -> str:
    words = _words(s)
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    if strip_designation and len(words) > 1 and words[-1] in ADMIN_DESIGNATIONS:
        words = words[:-1]
    kept = [w for w in words if w not in ARTICLES]
    if not kept:  # a name that is only an article ("As", "Al") keeps its word
        kept = words
    if len(kept) > 1:  # "Saint Petersburg" / "St. Petersburg", "Mount Vernon" / "Mt. Vernon"
        kept = [_SHORT_FORMS.get(w, w) for w in kept]
    # "raqqah" -> "raqqa", "hamah" -> "hama"
    return " ".join(
        [w[:-1] if len(w) >= 4 and w[-2:] == "ah" and w[-3] not in "aeiou" else w for w in kept]
    )


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name split into its lookup key and the designation word the text gave it."""

    key: str
    designation: str  # "" | "admin1" (province, governorate...) | "admin" (district...) | "city"


def split_designation(s: str) -> NameForm:
    """``"Anbar province"`` -> key "anbar", designation "admin1"; ``"Province of Anbar"`` ->
    "admin1"; ``"Homs city"`` -> key "homs city", designation "city" (the key keeps "city":
    :func:`city_stem` gives "homs" for when the full key is no name)."""
    m = _PREFIX_OF.match(s.strip())
    prefix = m.group(0).lower().split()[-2] if m else ""
    words = _words(s[m.end() :] if m else s)
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    last = words[-1] if len(words) > 1 else ""
    designation = ""
    if prefix in {"state", "commonwealth", "province", "governorate"} or (
        last in ADMIN1_DESIGNATIONS
    ):
        designation = "admin1"
    elif last in ADMIN_DESIGNATIONS:
        designation = "admin"
    elif last in CITY_DESIGNATIONS:
        designation = "city"
    return NameForm(key=normalize_name(" ".join(words)), designation=designation)


def strip_designation_words(name: str) -> str:
    """``"Anbar Governorate"`` -> ``"Anbar"``; ``"State of Texas"`` -> ``"Texas"`` (display use)."""
    s = _PREFIX_OF.sub("", name.strip())
    parts = s.split()
    if len(parts) > 1 and _key(parts[-1], strip_designation=False) in DESIGNATIONS:
        parts = parts[:-1]
    return " ".join(parts)


def city_stem(key: str) -> str:
    """``"homs city"`` -> ``"homs"``; a key without a trailing city word is returned as is."""
    head, _, last = key.rpartition(" ")
    return head if head and last in CITY_DESIGNATIONS else key


# --- Nationality adjectives --------------------------------------------------------

# ISO2: adjectives (and plural nouns) naming a country's people or state. General world data,
# used as country context ("Syrian army" -> SY) and never as toponyms.
_DEMONYMS = """
AF:Afghan,Afghans AL:Albanian AM:Armenian,Armenians AO:Angolan AR:Argentine,Argentinian
AT:Austrian AU:Australian AZ:Azerbaijani,Azeri BA:Bosnian BD:Bangladeshi BE:Belgian
BF:Burkinabe BG:Bulgarian BH:Bahraini BI:Burundian BJ:Beninese BO:Bolivian BR:Brazilian
BY:Belarusian CA:Canadian CD:Congolese CF:Centrafrican CH:Swiss CI:Ivorian CL:Chilean
CM:Cameroonian CN:Chinese CO:Colombian CU:Cuban CY:Cypriot CZ:Czech DE:German,Germans
DJ:Djiboutian DK:Danish DZ:Algerian,Algerians EC:Ecuadorian EE:Estonian EG:Egyptian,Egyptians
ER:Eritrean ES:Spanish ET:Ethiopian,Ethiopians FI:Finnish FR:French GB:British,Britons
GE:Georgian GH:Ghanaian GN:Guinean GR:Greek HN:Honduran HR:Croatian HT:Haitian
HU:Hungarian ID:Indonesian IE:Irish IL:Israeli,Israelis IN:Indian IQ:Iraqi,Iraqis
IR:Iranian,Iranians,Persian IT:Italian JO:Jordanian,Jordanians JP:Japanese KE:Kenyan
KG:Kyrgyz KH:Cambodian KP:North Korean KR:South Korean KW:Kuwaiti KZ:Kazakh
LB:Lebanese LK:Sri Lankan LR:Liberian LT:Lithuanian LV:Latvian LY:Libyan,Libyans
MA:Moroccan MD:Moldovan ML:Malian MM:Burmese MN:Mongolian MR:Mauritanian
MX:Mexican MY:Malaysian MZ:Mozambican NE:Nigerien NG:Nigerian,Nigerians NI:Nicaraguan
NL:Dutch NO:Norwegian NP:Nepali,Nepalese NZ:New Zealander OM:Omani PA:Panamanian PE:Peruvian
PH:Filipino,Philippine PK:Pakistani,Pakistanis PL:Polish PS:Palestinian,Palestinians
PT:Portuguese QA:Qatari RO:Romanian RS:Serbian,Serb,Serbs RU:Russian,Russians
RW:Rwandan SA:Saudi,Saudis SD:Sudanese SE:Swedish SN:Senegalese SO:Somali,Somalis
SS:South Sudanese SV:Salvadoran SY:Syrian,Syrians TD:Chadian TH:Thai TJ:Tajik
TM:Turkmen TN:Tunisian TR:Turkish,Turks UA:Ukrainian,Ukrainians UG:Ugandan
US:American,Americans UZ:Uzbek VE:Venezuelan VN:Vietnamese YE:Yemeni,Yemenis
ZA:South African ZM:Zambian ZW:Zimbabwean
"""


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Normalised nationality word -> ISO2 (``"syrian"`` -> ``"SY"``)."""
    out: dict[str, str] = {}
    for iso, word in _country_list_demonyms():
        out.setdefault(" ".join(_words(word)), iso)
    for m in re.finditer(r"([A-Z]{2}):([^:]+?)(?=\s+[A-Z]{2}:|\s*$)", _DEMONYMS):
        for word in m.group(2).split(","):
            out[" ".join(_words(word))] = m.group(1)
    return out


# The shape of a nationality word among the names of the actor dictionary's country list
# ("Jamaican", "Maltese", "Slovak", "Emirati", "Trinidadian"); words that name a language or a
# part of a country more often than the country, and place names shaped like one ("Eswatini",
# "Vatican"), are left out.
_NATIONALITY_SHAPE = re.compile(r"(?:an|ian|ese|i|ish|ch|ic|ot|er|ene|ak|ois|ais)$")
_NOT_NATIONALITY = frozenset(
    {"english", "scottish", "welsh", "northern irish", "hellenic", "eswatini", "vatican", "bajan"}
)


def _country_list_demonyms() -> list[tuple[str, str]]:
    """(ISO2, nationality word) from the country list (:func:`tadmor.data.country_list`)."""
    from tadmor.data import country_list

    out: list[tuple[str, str]] = []
    for iso, names in country_list().items():
        country = names[0]
        for word in names[1:]:
            if (
                _NATIONALITY_SHAPE.search(word)
                and not word.endswith("Republic")
                and word.lower() not in _NOT_NATIONALITY
                and word.split()[-1] != country.split()[-1]
            ):
                out.append((iso, word))
    return out


def singular(word: str) -> str | None:
    """A people's word without its plural "s" ("Canadians" -> "Canadian"), None when the word
    has none (too short, or "-ss")."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return None


@lru_cache(maxsize=65_536)  # asked for every capitalised word and word pair of every text
def demonym_country(word: str) -> str | None:
    """ISO2 of the country a nationality word names, or None: ``"Iraqi"`` -> ``"IQ"``,
    ``"Canadians"`` -> ``"CA"`` (a plural of a listed adjective)."""
    key = " ".join(_words(word))
    found = demonyms().get(key)
    if found is None and (one := singular(key)):
        found = demonyms().get(one)
    return found


# Adjectives of continents and world regions, keyed like demonyms; the value is the continent's
# or region's name as the gazetteer has it. "EU" stands for Europe the way GeoNames-based gold
# reads it. Plural nouns ("Europeans", "Latin Americans") are found by their adjective.
_CONTINENT_WORDS = {
    "european": "Europe",
    "african": "Africa",
    "asian": "Asia",
    "north american": "North America",
    "south american": "South America",
    "latin american": "Latin America",
    "central american": "Central America",
    "middle eastern": "Middle East",
    "mideast": "Middle East",
    "southeast asian": "Southeast Asia",
    "east asian": "Eastern Asia",
    "south asian": "Southern Asia",
    "central asian": "Central Asia",
    "west african": "Western Africa",
    "east african": "Eastern Africa",
    "north african": "Northern Africa",
    "sub saharan african": "Sub-Saharan Africa",
}


def demonym_continent(word: str) -> str | None:
    """The continent or world region a word names as an adjective: ``"European"`` ->
    ``"Europe"``, ``"Latin Americans"`` -> ``"Latin America"``."""
    key = " ".join(_words(word))
    found = _CONTINENT_WORDS.get(key)
    if found is None and (one := singular(key)):
        found = _CONTINENT_WORDS.get(one)
    return found
