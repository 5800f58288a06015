"""Small world data the gazetteer needs and its sources lack: a representative point per
country, US state abbreviations as news write them, and helpers that derive a region's point
from the towns inside it.

``COUNTRY_POINTS`` was derived once from the countryinfo 1.0.1 package data (MIT): for each
country, the mean of its listed reference point and the centroid of its largest polygon.
GeoNames' own country points are of the same kind (a central point, not the capital), which the
mean of a country's towns is not (for the United States that mean lies near the east coast).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

_COUNTRY_POINTS = """
AD:42.513,1.565 AE:23.9343,54.1034 AF:33.4282,65.5433 AG:17.05,-61.8 AI:18.25,-63.1667
AL:41.0707,20.0162 AM:40.1083,45.0001 AO:-12.3958,18.0015 AR:-34.6101,-64.5748
AS:-14.3333,-170.0 AT:47.4736,13.7047 AU:-26.2804,133.688 AW:12.5,-69.9667
AZ:40.3903,47.5903 BA:44.0904,17.9084 BB:13.1667,-59.5333 BD:23.9197,90.134
BE:50.7429,4.2904 BF:12.6558,-1.8883 BG:42.8766,25.0976 BH:26.0,50.55 BI:-3.4387,29.957
BJ:9.5737,2.2937 BM:32.3229,-64.7548 BN:4.5951,114.7909 BO:-16.8645,-64.8207
BR:-10.4034,-54.0272 BS:24.3782,-76.9579 BT:27.464,90.4862 BW:-22.0499,23.8865
BY:53.2532,27.9907 BZ:17.2235,-88.7267 CA:58.8744,-98.2849 CC:-12.5,96.8333
CD:-1.4251,24.2915 CF:6.7714,20.6872 CG:-0.9189,15.0672 CH:46.8959,8.0592 CI:7.7769,-5.306
CK:-21.2333,-159.7667 CL:-33.6709,-71.3355 CM:5.8315,12.3058 CN:35.8047,104.4327
CO:3.9636,-72.5389 CR:9.9828,-84.0877 CS:44.0,21.0 CU:21.5659,-79.4803 CV:16.0,-24.0
CX:-10.5,105.6667 CY:34.9535,33.0198 CZ:49.7626,15.4173 DE:51.0669,9.6442 DJ:11.6365,42.749
DK:56.1098,9.6554 DM:15.4167,-61.3333 DO:18.9422,-70.5645 DZ:28.0927,2.799
EC:-1.7274,-77.9421 EE:58.8218,25.9124 EG:26.7533,29.9222 EH:24.3956,-12.5689
ER:15.2136,38.8391 ES:40.1743,-3.8085 ET:8.327,38.7756 FI:64.252,26.1059
FJ:-17.9155,176.4985 FK:-51.7316,-59.2105 FM:6.9167,158.25 FO:62.0,-7.0 FR:46.3032,2.1695
GA:-0.8235,11.7189 GB:53.9417,-2.329 GD:12.1167,-61.6667 GE:42.081,43.4908 GF:3.953,-53.1193
GG:49.4667,-2.5833 GH:7.9643,-1.6185 GI:36.1333,-5.35 GL:73.3852,-40.7501 GM:13.471,-15.9993
GN:10.7241,-10.5304 GP:16.25,-61.5833 GQ:1.8229,10.183 GR:39.1709,22.2819 GS:-54.5,-37.0
GT:15.5997,-90.3097 GU:13.4667,144.7833 GW:12.0114,-15.0553 GY:4.8951,-58.9856
HK:22.25,114.1667 HM:-53.1,72.5167 HN:14.9115,-86.545 HR:45.0915,16.0331 HT:18.9504,-72.5373
HU:47.0,20.0 ID:-2.6272,117.0113 IE:53.0903,-8.0051 IL:31.4925,34.8769 IM:54.25,-4.5
IN:21.4625,78.2969 IO:-6.0,71.5 IQ:33.0184,43.8785 IR:32.2595,53.6427 IS:65.0371,-18.3805
IT:43.1529,12.5264 JE:49.25,-2.1667 JM:17.9714,-76.7931 JO:31.1227,36.3897
JP:36.0095,137.441 KE:0.798,37.8958 KG:41.2534,74.8102 KH:12.8424,104.938 KI:1.4167,173.0
KM:-12.1667,44.25 KN:17.3333,-62.75 KP:40.0715,127.0825 KR:36.7138,127.6607
KW:29.4036,46.675 KY:19.5,-80.5 KZ:48.0958,67.6423 LA:18.2225,104.3751 LB:33.8726,35.8522
LC:13.8833,-60.9667 LI:47.2667,9.5333 LK:7.3503,80.8336 LR:6.4658,-9.4554
LS:-29.5626,28.3351 LT:55.6422,23.9403 LU:49.7579,6.0659 LV:56.9036,24.9166
LY:25.9987,17.4872 MA:30.9427,-6.7102 MC:43.7333,7.4 MD:47.1018,28.7052 ME:42.7044,19.3958
MG:-19.6781,46.8456 MH:9.0,168.0 MK:41.7196,21.8489 ML:17.1339,-3.7716 MM:19.75,96.1
MN:46.4118,103.9732 MO:22.1667,113.55 MP:15.2,145.75 MQ:14.6667,-61.0 MR:20.1046,-11.1632
MS:16.75,-62.2 MT:35.8617,14.5133 MU:-20.2833,57.55 MV:3.25,73.0 MW:-13.3364,34.0968
MX:23.4677,-102.2882 MY:3.0241,113.5878 MZ:-17.7402,35.2363 NA:-22.0499,17.0781
NC:-21.3807,165.5172 NE:16.6728,8.6622 NF:-29.0333,167.95 NG:9.7742,7.9976
NI:12.9241,-85.0102 NL:52.3994,5.6311 NO:63.2683,12.1224 NP:28.1197,84.0066
NR:-0.5333,166.9167 NU:-19.0333,-169.8667 NZ:-42.4929,172.2565 OM:20.7905,56.5488
PA:8.765,-80.0546 PE:-9.5958,-75.1959 PF:-15.0,-140.0 PG:-6.3225,145.6656
PH:14.3755,121.7722 PK:29.9867,69.707 PL:52.0741,19.6555 PM:46.8333,-56.3333
PN:-25.0667,-130.1 PR:18.2436,-66.4896 PS:31.8525,35.0528 PT:39.567,-8.0279 PW:7.5,134.5
PY:-23.124,-58.1937 QA:25.4109,51.2168 RE:-21.15,55.5 RO:45.9286,24.9716 RS:44.0165,21.0059
RU:60.8463,99.6083 RW:-2.0068,29.9595 SA:24.5616,44.7582 SB:-7.9511,159.0512
SC:-4.5833,55.6667 SD:15.4953,29.9313 SE:62.4057,15.7981 SG:1.3667,103.8 SH:-15.95,-5.7
SI:46.121,14.8774 SJ:78.0,20.0 SK:48.6967,19.5038 SL:8.5152,-11.6476 SM:43.7667,12.4167
SN:14.1771,-14.2549 SO:7.3762,47.3634 SR:4.06,-55.9557 SS:7.1464,30.0993 ST:1.0,7.0
SV:13.7797,-88.8948 SY:35.0063,38.2721 SZ:-26.4949,31.4476 TD:15.1644,18.7907
TF:-49.2782,69.3493 TG:8.2198,1.0815 TH:15.0085,100.5031 TJ:38.7915,71.0172 TK:-9.0,-172.0
TL:-8.8005,125.9415 TM:39.5456,59.6377 TN:34.0865,9.2674 TO:-20.0,-175.0 TR:38.9954,35.1961
TT:10.7141,-61.1652 TV:-8.0,178.0 TW:23.6205,120.9874 TZ:-6.1289,34.8765 UA:48.9865,31.6848
UG:1.1477,32.1788 US:38.7508,-98.0301 UY:-32.8905,-56.0016 UZ:41.3743,63.6018
VA:41.9024,12.4539 VC:13.25,-61.2 VE:7.5811,-66.0819 VN:16.4123,107.0596
VU:-15.6117,166.9536 WF:-13.3,-176.2 WS:-13.5833,-172.3333 YE:15.4566,47.7675
YT:-12.8333,45.1667 ZA:-28.9811,24.5587 ZM:-14.1975,28.8638 ZW:-19.4535,29.8943"""

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
