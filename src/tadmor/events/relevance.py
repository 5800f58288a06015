"""Relevance: does a text report political violence, protest or a strategic development?

A cheap, parse-free decision, made before spaCy. :func:`relevant_spans` returns the
character spans of a document (sentence-aligned, with one sentence of context each side)
that may report such an event; ``[]`` means the document is not relevant and need not be
parsed. :func:`sentence_relevance` is the same decision for one sentence, which the
extractor uses again after parsing.

How a sentence is judged, by word cues only:

* a **strong** cue names an act of organised violence, protest or a strategic move on its
  own ("airstrike", "suicide bomber", "militants", "protesters", "insurgents", "shelling");
* a **weak** cue names an act that ordinary news also reports ("killed", "attack", "shot",
  "captured", "arrested", "fire", "strike", "march"): it counts only with a **conflict
  actor** in the same sentence or the title ("troops", "rebels", "police", "army",
  "forces", "militia") and no **general-news** cue in the sentence (sport, weather,
  traffic, business, accidents, disasters, courts);
* a sentence is relevant when it holds a strong cue not cancelled by a general-news
  cue of the same sentence, or a weak cue with a conflict actor.

A document is relevant when one of its sentences is.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

# --- cue lists (lower case; regular-expression fragments matched at word starts) ---------

STRONG = (
    r"air ?strikes?",
    r"air ?raids?",
    r"airstrikes?",
    r"bombard\w*",
    r"shell(?:ing|ed|s)\b",
    r"mortars?\b",
    r"artillery",
    r"suicide (?:bomb\w*|attack\w*|vest|car)",
    r"car bombs?",
    r"roadside bombs?",
    r"(?:improvised )?explosive devices?",
    r"ieds?\b",
    r"militants?\b",
    r"insurgen\w*",
    r"rebels?\b",
    r"\w+-held\b",
    r"(?-i:IS)\b",
    r"jihadis\w*",
    r"terroris\w*",
    r"extremists?\b",
    r"guerrill\w*",
    r"paramilitar\w*",
    r"militias?\b",
    r"militiamen",
    r"gunmen\b",
    r"armed (?:men|group\w*|forces|clash\w*)",
    r"protest\w*",
    r"demonstrat(?:ors?|ions?|ed|ing)\b",
    r"rall(?:y|ies|ied)\b",
    r"riot\w*",
    r"sit-ins?\b",
    r"clash(?:es|ed)?\b",
    r"ambush\w*",
    r"massacr\w*",
    r"ceasefire",
    r"cease-fire",
    r"truce",
    r"offensive\b",
    r"counter-?offensive",
    r"insurrection",
    r"uprising",
    r"coup\b",
    r"abduct\w*",
    r"kidnap\w*",
    r"hostages?\b",
    r"assassinat\w*",
    r"beheaded",
    r"execut(?:ed|ion)s? by",
    r"tear ?gas",
    r"rubber bullets",
    r"water cannon",
    r"looted",
    r"looting",
    r"torched",
    r"arson attack",
    r"curfew",
    r"block(?:ed|ing|s)? (?:\w+ ){0,2}(?:roads?|streets?|highways?|bridges?|motorways?|railways?)",
    r"hunger strikes?",
    r"(?:general|open-ended|nationwide|national) strikes?",
    r"fighting between",
    r"tortur\w*",
    r"sexual(?:ly)? (?:abus|assault|violen)\w*",
    r"ethnic cleansing",
    r"invasion",
    r"invad(?:e|ed|es|ing)\b",
    r"marched\b",
    r"took (?:\w+ ){1,4}from (?:his|her|their) homes?",
    r"mass graves?",
    r"bombs? (?:hit|hits|struck|strike|explod\w*|went off|rock\w*)",
    r"(?:blindfolded|bullet-riddled|mutilated|decapitated|tortured) bodies",
    r"(?:lay|lays|laid|laying|plant|planted|planting) (?:\w+ )?(?:land)?(?:mines|explosives|ieds)",
    r"(?:residents|villagers|crowds?|mobs?|locals) (?:[\w,]+ ){0,8}(?:beat|lynch|stoned)\w*",
    r"blockade\w*",
    r"peace (?:pact|deal|agreement|accord)s?",
    r"(?:peaceful|protest) march\w*",
    r"marched peacefully",
    r"stormed",
    r"beaten to death",
    r"beat\w* (?:\w+ ){0,3}to death",
    r"lynch\w*",
    r"angry (?:crowd|mob)",
    r"mob\b",
    r"(?:gas|chemical) (?:canister|attack|weapon)s?",
    r"(?:set up|established|opened) (?:a )?(?:new )?(?:military )?base",
    r"alliance\b",
    r"recaptur\w*",
    r"liberat(?:e|ed|es|ing)\b",
    r"retook",
    r"retaken",
    r"overr[au]n\b",
    r"(?:islamic state|isis|isil|daesh|al[- ]qaeda|al[- ]shabaa?b|boko haram|taliban|hezbollah)",
    r"air defen[cs]es?",
    r"drone strikes?",
    r"(?:missile|rocket)s? (?:attack|strike|fire|hit|landed|launched)\w*",
    r"gunfire",
    r"firefights?\b",
    r"gun ?battles?",
    r"troops\b",
    r"soldiers?\b",
    r"warplanes?",
    r"besieg\w*",
    r"siege\b",
    r"frontline",
    r"front line",
    r"peacekeep\w*",
)

# acts that kill or wound, and their toll
LETHAL = (
    r"kill\w*",
    r"dead\b",
    r"deaths?\b",
    r"died\b",
    r"wound(?:ed|ing|s)?\b",
    r"injur\w*",
    r"casualt\w*",
    r"toll\b",
    r"deadly\b",
)

# weapons and violent acts that ordinary news also reports
VIOLENT = (
    r"attack\w*",
    r"assault\w*",
    r"bomb\w*",
    r"blasts?\b",
    r"explo(?:sion|ded|sive)\w*",
    r"grenades?",
    r"missiles?\b",
    r"rockets?\b",
    r"violence",
    r"execut\w*",
    r"shot down",
    r"bl[eo]wn? up",
    r"demolish\w*",
    r"set fire to",
    r"dropped",
    r"booby-trap\w*",
    r"atrocit\w*",
    r"bloodshed",
    r"fighting",
    r"battles?\b",
    r"unrest",
)

WEAK = (
    *LETHAL,
    *VIOLENT,
    r"shot\b",
    r"shoot\w*",
    r"fir(?:ed|ing)\b",
    r"captur\w*",
    r"seiz\w*",
    r"(?:took|take|taken|taking|takes) (?:over|control|back)",
    r"(?:took|take|taken|taking|takes|lose|lost|loses|losing|gain\w*) (?:more )?ground",
    r"control of",
    r"retak\w*",
    r"regain\w*",
    r"withdr[ae]w\w*",
    r"retreat\w*",
    r"arrest\w*",
    r"detain\w*",
    r"raid\w*",
    r"fight\w*",
    r"fought",
    r"battle\w*",
    r"strikes?\b",
    r"march\w*",
    r"destroy\w*",
    r"burn(?:ed|t|ing)\b",
    r"violent",
    r"war\b",
    r"invad\w*",
    r"invasion",
    r"occup(?:y|ied|ation)\w*",
    r"liberat\w*",
    r"entered",
    r"advanc\w*",
    r"gains?\b",
    r"foothold",
    r"push\w*",
    r"secur(?:e|ed|ing)\b",
    r"reach(?:ed|es)?\b",
    r"hold(?:s|ing)?\b",
    r"flee\w*",
    r"assault\w*",
    r"stormed",
    r"expelled",
    r"drove out",
    r"f[ae]ll(?:s|en|ing)? to",
    r"fled\b",
    r"displaced",
    r"peace (?:deal|talks|accord)",
    r"merg(?:e|ed|es|er)\b",
    r"split\b",
    r"defect\w*",
    r"pledg\w* allegiance",
    r"disband\w*",
    r"beat\b",
    r"beaten\b",
)

# armed or mobilised actors: a weak cue beside one of these counts
ACTORS = (
    r"troops\b",
    r"soldiers?\b",
    r"army\b",
    r"armed\b",
    r"military\b",
    r"forces\b",
    r"security (?:forces|personnel)",
    r"rebels?\b",
    r"militants?\b",
    r"militias?\b",
    r"insurgents?\b",
    r"fighters\b",
    r"gunmen\b",
    r"protesters?\b",
    r"demonstrators?\b",
    r"mob\b",
    r"regime\b",
    r"jihadis\w*",
    r"islamists?\b",
    r"tribesmen",
    r"coalition\b",
    r"nato\b",
    r"brigades?\b",
    r"battalions?\b",
    r"regiment\b",
    r"navy\b",
    r"air force\b",
    r"warplanes?\b",
    r"jets?\b",
    r"drones?\b",
    r"helicopters?\b",
    r"checkpoints?\b",
    r"front\b",
    r"separatists?\b",
    r"civilians\b",
    r"settlers\b",
    r"tanks\b",
    r"bulldozers\b",
    r"activists?\b",
    r"opposition\b",
    r"dissidents?\b",
    r"villagers\b",
    r"vigilantes?\b",
    r"(?-i:IS)\b",
    r"\w+-held\b",
)

# General news: where a cue is only a word of sport, weather, traffic, business, accidents,
# disasters, ordinary crime and courts.
GENERAL = (
    r"games?\b",
    r"season\b",
    r"teams?\b",
    r"coach\w*",
    r"players?\b",
    r"score[sd]?\b",
    r"points?\b",
    r"goals?\b",
    r"league\b",
    r"championship\w*",
    r"tournament\w*",
    r"match(?:es)?\b",
    r"innings?",
    r"quarterback",
    r"touchdown\w*",
    r"football",
    r"basketball",
    r"baseball",
    r"soccer",
    r"cricket",
    r"rugby",
    r"hockey",
    r"tennis",
    r"golf\b",
    r"playoffs?",
    r"olympic\w*",
    r"victory over",
    r"weather",
    r"storms?\b",
    r"snow\w*",
    r"rain\w*",
    r"floods?\b",
    r"flooding",
    r"hurricane\w*",
    r"tornado\w*",
    r"earthquake\w*",
    r"tsunami",
    r"wildfires?",
    r"blaze\b",
    r"firefighters?",
    r"fire department",
    r"traffic",
    r"crash\w*",
    r"collision",
    r"accident\w*",
    r"vehicles?\b",
    r"car\b",
    r"truck\b",
    r"highway",
    r"motorist\w*",
    r"drivers?\b",
    r"lost control",
    r"stocks?\b",
    r"shares\b",
    r"market\b",
    r"investors?\b",
    r"company\b",
    r"profits?\b",
    r"revenue\w*",
    r"prices?\b",
    r"sales?\b",
    r"customers?\b",
    r"election\w*",
    r"candidates?\b",
    r"ballots?\b",
    r"votes?\b",
    r"voters?\b",
    r"campaign\b",
    r"court\b",
    r"judge\b",
    r"jury\b",
    r"trial\b",
    r"sentenced",
    r"pleaded",
    r"guilty",
    r"charged with",
    r"indicted",
    r"murder\w*",
    r"homicide",
    r"robbe\w*",
    r"burglar\w*",
    r"theft",
    r"drugs?\b",
    r"suspects?\b",
    r"sheriff\w*",
    r"deputies\b",
    r"domestic",
    r"girlfriend",
    r"boyfriend",
    r"wife\b",
    r"husband\b",
    r"hospital\b",
    r"patients?\b",
    r"disease\w*",
    r"outbreak",
    r"virus\w*",
    r"flu\b",
    r"cancer",
    r"heart attack",
    r"film\b",
    r"movie\b",
    r"album\b",
    r"concert\b",
    r"festival\b",
    r"parade\b",
)

# strong cues that general-news words do not cancel
UNCANCELLED = (
    r"air ?strikes?",
    r"airstrikes?",
    r"suicide (?:bomb\w*|attack\w*|vest|car)",
    r"car bombs?",
    r"roadside bombs?",
    r"militants?\b",
    r"insurgen\w*",
    r"jihadis\w*",
    r"(?:islamic state|isis|isil|daesh|al[- ]qaeda|al[- ]shabaa?b|boko haram|taliban|hezbollah)",
    r"rebel-held",
    r"government-held",
    r"tear ?gas",
    r"protesters?\b",
    r"demonstrators\b",
)


def _rx(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?<![\w-])(?:" + "|".join(words) + ")", re.IGNORECASE)


_STRONG = _rx(STRONG)
_WEAK = _rx(WEAK)
_LETHAL = _rx(LETHAL)
_VIOLENT = _rx(VIOLENT)
_ACTORS = _rx(ACTORS)
_GENERAL = _rx(GENERAL)
_UNCANCELLED = _rx(UNCANCELLED)
# any cue that can make a sentence relevant: sentences without one are skipped unread
_ANY = _rx(STRONG + WEAK + UNCANCELLED)

# sentence ends: . ! ? (with closing quotes/brackets) before white space, or a line break
_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n\s*")
# abbreviations that end in a full stop without ending the sentence
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Capt|Maj|Gov|Sen|Rep|Jr|Sr|No|vs|U\.S|U\.N|Jan|Feb|"
    r"Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd)\.|\b[A-Z]\.)$"
)


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """What the cue lists found in one sentence."""

    strong: int
    weak: int
    actors: int
    general: int
    uncancelled: int
    lethal: int = 0
    violent: int = 0

    @property
    def relevant(self) -> bool:
        if self.uncancelled:
            return True
        if self.strong and 2 * self.strong + self.lethal + self.violent > self.general:
            return True
        if self.lethal and self.violent and 2 * (self.lethal + self.violent) > self.general:
            return True
        return bool(self.weak and self.actors and self.weak + self.actors > self.general + 1)


_WORD = re.compile(r"[\w'.-]*\w")


@lru_cache(maxsize=1)
def _armed_names() -> tuple[frozenset[str], frozenset[str], int, frozenset[str]]:
    """Names and aliases of the actor dictionary's armed actors (not civilians, protesters or
    rioters): lower-cased ones, short all-capital ones kept as written ("IS", "ADF"), the
    longest name's length in words, and the names' first words (lower-cased)."""
    from tadmor.actors import ActorDictionary

    lower: set[str] = set()
    exact: set[str] = set()
    for actor in ActorDictionary.load().actors:
        if actor.inter in (5, 6, 7):
            continue
        for name in (actor.name, *actor.aliases):
            words = " ".join(_WORD.findall(name))
            if not words:
                continue
            if len(words) <= 5 and words.isupper():
                exact.add(words)
            else:
                lower.add(words.lower())
    longest = max((n.count(" ") + 1 for n in lower | exact), default=1)
    first = frozenset(n.split(" ")[0].lower() for n in lower | exact)
    return frozenset(lower), frozenset(exact), min(longest, 6), first


def armed_names_in(text: str) -> int:
    """How many names of armed groups from the actor dictionary the text holds."""
    lower, exact, longest, first = _armed_names()
    words = _WORD.findall(text)
    found = 0
    i = 0
    while i < len(words):
        step = 1
        if words[i].lower() not in first:
            i += 1
            continue
        for n in range(min(longest, len(words) - i), 0, -1):
            gram = " ".join(words[i : i + n])
            if gram in exact or gram.lower() in lower:
                found += 1
                step = n
                break
        i += step
    return found


@dataclass(frozen=True, slots=True)
class Gate:
    """The extractor's sentence-level decision, after parsing. A trigger is coded when its own
    sentence holds relevance cues or names an armed actor (police are not counted: they are in
    most crime news); a sentence next to a relevant one is coded for a toll ("Two soldiers
    were killed.") or when the sentence before coded an event ("They burned the market."); a
    change of control whose theme is a named place is coded in a sentence without general-news
    cues (a claim, a near miss or an analogy is still read for its modality)."""

    cues: bool  # the sentence itself holds relevance cues
    near: bool  # the sentence lies in a relevant span (a neighbour holds cues)
    armed: bool  # an armed actor of the actor dictionary is named in the sentence
    general: bool  # the sentence holds general-news cues
    continues: bool = False  # the sentence before coded an event this one may go on telling

    def admits(self, *, territorial_place: bool = False, toll: bool = False) -> bool:
        if self.cues or self.armed:
            return True
        if self.near and (toll or self.continues):
            return True
        return territorial_place and not self.general


def cues_of(text: str) -> SentenceCues:
    return SentenceCues(
        strong=len(_STRONG.findall(text)),
        weak=len(_WEAK.findall(text)),
        actors=len(_ACTORS.findall(text)) + armed_names_in(text),
        general=len(_GENERAL.findall(text)),
        uncancelled=len(_UNCANCELLED.findall(text)),
        lethal=len(_LETHAL.findall(text)),
        violent=len(_VIOLENT.findall(text)),
    )


def sentence_relevance(sentence: str) -> bool:
    """Whether one sentence may report political violence, protest or a strategic development."""
    return cues_of(sentence).relevant


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Cheap sentence boundaries: (start, end) of each non-blank sentence, trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.start()
        if _ABBREV.search(text, max(start, end - 6), end) and "\n" not in m.group():
            continue
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def relevant_spans(
    text: str, *, title: str | None = None, context: int = 1
) -> list[tuple[int, int]]:
    """Spans of ``text`` that may report political violence, protest or a strategic development.

    Each span runs over whole sentences: a relevant sentence with ``context`` sentences
    before and after it; touching or overlapping spans are merged. ``[]``: not relevant.
    The title, when given, counts as one more sentence: a relevant title makes the first
    sentences relevant too (they usually restate it).
    """
    sents = sentence_spans(text)
    if not sents:
        return []
    marks = [m.start() for m in _ANY.finditer(text)]
    hits = [
        i
        for i, (s, e) in enumerate(sents)
        if _has_mark(marks, s, e) and sentence_relevance(text[s:e])
    ]
    if title and sentence_relevance(title) and 0 not in hits:
        hits.insert(0, 0)
    if not hits:
        return []
    out: list[tuple[int, int]] = []
    for i in hits:
        lo = sents[max(0, i - context)][0]
        hi = sents[min(len(sents) - 1, i + context)][1]
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _has_mark(marks: list[int], start: int, end: int) -> bool:
    i = bisect_left(marks, start)
    return i < len(marks) and marks[i] < end


def relevant_share(text: str, *, title: str | None = None) -> float:
    """The share of the text's characters inside its relevant spans (0.0 when none)."""
    if not text:
        return 0.0
    return sum(e - s for s, e in relevant_spans(text, title=title)) / len(text)
