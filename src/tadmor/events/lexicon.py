"""The trigger lexicon (``data/triggers.yaml``), loaded into typed records."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from tadmor.errors import TadmorError

ROLES = frozenset({"gain", "loss", "fall", "expel", "act"})


@dataclass(frozen=True, slots=True)
class TriggerDef:
    lemmas: frozenset[str]
    pos: frozenset[str]
    role: str
    event_type: str
    sub_event_type: str
    particles: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    needs_of_place: bool = False
    noun_needs_context: bool = False
    only_alone: bool = False
    needs_object: bool = False  # the object must be one of ``objects``
    mentions: frozenset[str] = frozenset()  # one of these lemmas must be in the clause
    victim_subject: bool = False  # the subject suffers ("a convoy hit a roadside bomb")


@dataclass(frozen=True, slots=True)
class Cues:
    """Words that refine an event's type once its trigger is found (``cues:`` in the file)."""

    instruments: tuple[tuple[str, frozenset[str]], ...] = ()  # (sub_event_type, words), by rank
    generic_violence: frozenset[str] = frozenset()
    lethal: frozenset[str] = frozenset()
    intervention: frozenset[str] = frozenset()
    rioting: frozenset[str] = frozenset()
    mob: frozenset[str] = frozenset()
    no_fight: frozenset[str] = frozenset()
    no_fight_objects: frozenset[str] = frozenset()
    gathering: frozenset[str] = frozenset()  # words that place an arrest at a protest


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: tuple[TriggerDef, ...]
    cues: Cues = Cues()
    # (lemma, pos) -> the triggers that take it, in file order; built once (a hash lookup per
    # token instead of a scan over every trigger)
    _index: dict[tuple[str, str], tuple[TriggerDef, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[TriggerDef]] = {}
        for t in self.triggers:
            for lemma in t.lemmas:
                for pos in t.pos:
                    index.setdefault((lemma, pos), []).append(t)
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})

    def candidates(self, lemma: str, pos: str) -> list[TriggerDef]:
        return list(self._index.get((IRREGULAR.get(lemma, lemma), pos), ()))


# past forms the small model's lemmatizer leaves as they are
IRREGULAR = {
    "retook": "retake",
    "retaken": "retake",
    "overran": "overrun",
    "took": "take",
    "taken": "take",
    "fell": "fall",
    "fallen": "fall",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "drove": "drive",
    "driven": "drive",
    "shot": "shoot",
    "fought": "fight",
    "fled": "flee",
    "lost": "lose",
    "besieged": "besiege",
    "kidnapped": "kidnap",
    "regained": "regain",
    "recaptured": "recapture",
    "shelled": "shell",
    "retreated": "retreat",
    "overwhelmed": "overwhelm",
    "staged": "stage",
    "raped": "rape",
    "rap": "rape",
    "lynched": "lynch",
    "stag": "stage",
    "blew": "blow",
    "blown": "blow",
    "threw": "throw",
    "thrown": "throw",
    "beaten": "beat",
    "froze": "freeze",
    "swore": "swear",
    "sworn": "swear",
    "rioted": "riot",
    "held": "hold",
    "began": "begin",
    "begun": "begin",
    "struck": "strike",
    "bombed": "bomb",
    "freed": "free",
    "set": "set",
}


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read a trigger file (the built-in one by default)."""
    text = (
        path.read_text(encoding="utf-8")
        if path is not None
        else resources.files("tadmor.data").joinpath("triggers.yaml").read_text(encoding="utf-8")
    )
    return _parse(text, origin=str(path or "triggers.yaml"))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()


def _parse(text: str, *, origin: str) -> Lexicon:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TadmorError("E020", f"{origin} is not valid YAML: {exc}") from exc
    out: list[TriggerDef] = []
    for entry in (data or {}).get("triggers", []):
        role = str(entry.get("role", ""))
        if role not in ROLES or not entry.get("lemmas"):
            raise TadmorError(
                "E021", f"{origin}: trigger {entry!r} needs lemmas and a role in {sorted(ROLES)}"
            )
        out.append(
            TriggerDef(
                lemmas=frozenset(str(x).lower() for x in entry["lemmas"]),
                pos=frozenset(str(x) for x in entry.get("pos", ["VERB"])),
                role=role,
                event_type=str(entry["event_type"]),
                sub_event_type=str(entry["sub_event_type"]),
                particles=frozenset(str(x).lower() for x in entry.get("particles", [])),
                objects=frozenset(str(x).lower() for x in entry.get("objects", [])),
                modifiers=frozenset(str(x).lower() for x in entry.get("modifiers", [])),
                needs_of_place=bool(entry.get("needs_of_place", False)),
                noun_needs_context=bool(entry.get("noun_needs_context", False)),
                only_alone=bool(entry.get("only_alone", False)),
                needs_object=bool(entry.get("needs_object", False)),
                mentions=frozenset(str(x).lower() for x in entry.get("mentions", [])),
                victim_subject=bool(entry.get("victim_subject", False)),
            )
        )
    return Lexicon(triggers=tuple(out), cues=_cues((data or {}).get("cues") or {}, origin))


def _words(values: object) -> frozenset[str]:
    if not isinstance(values, list):
        return frozenset()
    return frozenset(str(x).lower() for x in values)


def _cues(data: dict[str, object], origin: str) -> Cues:
    instruments: list[tuple[str, frozenset[str]]] = []
    listed = data.get("instruments")
    for entry in listed if isinstance(listed, list) else []:
        if not isinstance(entry, dict) or not entry.get("sub_event_type"):
            raise TadmorError("E021", f"{origin}: instrument cue {entry!r} needs a sub_event_type")
        instruments.append((str(entry["sub_event_type"]), _words(entry.get("words"))))
    return Cues(
        instruments=tuple(instruments),
        generic_violence=_words(data.get("generic_violence")),
        lethal=_words(data.get("lethal")),
        intervention=_words(data.get("intervention")),
        rioting=_words(data.get("rioting")),
        mob=_words(data.get("mob")),
        no_fight=_words(data.get("no_fight")),
        no_fight_objects=_words(data.get("no_fight_objects")),
        gathering=_words(data.get("gathering")),
    )
