"""The trigger lexicon (``data/triggers.yaml``), loaded into typed records."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: tuple[TriggerDef, ...]

    def candidates(self, lemma: str, pos: str) -> list[TriggerDef]:
        lemma = IRREGULAR.get(lemma, lemma)
        return [t for t in self.triggers if lemma in t.lemmas and pos in t.pos]


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
            )
        )
    return Lexicon(triggers=tuple(out))
