"""The actor dictionary: canonical names, aliases, ACLED inter codes, as data users can extend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tadmor.data import country_list, yaml_mapping
from tadmor.errors import TadmorError
from tadmor.model import Actor

ACLED_INTER = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


@dataclass(frozen=True, slots=True)
class GenericActor:
    """A description whose actor depends on the country in context ("government forces")."""

    template: str  # "Military Forces of {country}"
    inter: int
    kind: str
    heads: tuple[str, ...]
    standalone: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActorDictionary:
    actors: tuple[Actor, ...]
    generics: tuple[GenericActor, ...]
    anaphors: tuple[str, ...]
    state_forces: Mapping[str, str]  # alias -> ISO2
    countries: Mapping[str, str]  # ISO2 -> country name
    demonyms: Mapping[str, str]  # lower-cased adjective or country name -> ISO2
    demonym_forms: Mapping[str, str]  # the same, as written ("US", "U.S.") -> ISO2
    # a leader's name -> whose forces "<leader>'s forces" are: an actor's name or "state:ISO2"
    leaders: Mapping[str, str] = field(default_factory=dict)
    # (parent actor's name, ISO2) -> the name of the parent's branch in that country
    branches: Mapping[tuple[str, str], str] = field(default_factory=dict)
    index: Mapping[str, Actor] = field(default_factory=dict)  # name -> actor (hash lookups)

    @classmethod
    def load(cls, extra_files: Sequence[Path] = ()) -> ActorDictionary:
        """The built-in dictionary, with each extra file's entries merged over it by name."""
        base = _read_yaml_text(resources.files("tadmor.data").joinpath("actors.yaml").read_text())
        for path in extra_files:
            try:
                extra = _read_yaml_text(Path(path).read_text(encoding="utf-8"))
            except OSError as exc:
                raise TadmorError("E005", f"cannot read actor dictionary {path}: {exc}") from exc
            base = _merge(base, extra, origin=str(path))
        countries: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        forms: dict[str, str] = {}
        for iso, names in country_list().items():
            countries[iso] = names[0]
            for n in names:
                demonyms[n.lower()] = iso
                forms[n] = iso
        actors = tuple(_actor(a, origin="actors") for a in base.get("actors", []))
        known = {a.name for a in actors}
        branches: dict[tuple[str, str], str] = {}
        for entry in base.get("actors", []):
            parent = str(entry.get("branch_of", "") or "")
            if parent and entry.get("country"):
                if parent not in known:
                    raise TadmorError(
                        "E006", f"actor {entry['name']!r} is a branch of unknown {parent!r}"
                    )
                branches[(parent, str(entry["country"]))] = str(entry["name"])
        leaders: dict[str, str] = {}
        for entry in base.get("leaders", []) or []:
            target = (
                f"state:{entry['state']}" if entry.get("state") else str(entry.get("actor", ""))
            )
            if not target or (not target.startswith("state:") and target not in known):
                raise TadmorError("E006", f"leader entry {entry!r} names no known actor or state")
            for leader in entry.get("names", []) or []:
                leaders[str(leader)] = target
        generics = tuple(
            GenericActor(
                template=str(g["name"]),
                inter=int(g["inter"]),
                kind=str(g.get("kind", "")),
                heads=tuple(str(h) for h in g.get("heads", [])),
                standalone=tuple(str(h) for h in g.get("standalone", [])),
            )
            for g in base.get("generic", [])
        )
        return cls(
            actors=actors,
            generics=generics,
            anaphors=tuple(str(a) for a in base.get("anaphors", [])),
            state_forces={str(k): str(v) for k, v in (base.get("state_forces") or {}).items()},
            countries=countries,
            demonyms=demonyms,
            demonym_forms=forms,
            leaders=leaders,
            branches=branches,
            index={a.name: a for a in actors},
        )

    def by_name(self, name: str) -> Actor | None:
        if self.index:
            return self.index.get(name)
        for a in self.actors:
            if a.name == name:
                return a
        return None

    def country_name(self, iso2: str) -> str:
        return self.countries.get(iso2, iso2)

    def state_forces_of(self, iso2: str) -> Actor:
        return self.instantiate(self.generics_by_kind("state"), iso2)

    def generics_by_kind(self, kind: str) -> GenericActor:
        for g in self.generics:
            if g.kind == kind:
                return g
        raise TadmorError("E007", f"the actor dictionary has no generic entry of kind {kind!r}")

    def instantiate(self, generic: GenericActor, iso2: str) -> Actor:
        """The concrete actor for a generic description in a country ("" when unknown)."""
        country = self.country_name(iso2) if iso2 else "Unknown country"
        return Actor(
            name=generic.template.format(country=country),
            inter=generic.inter,
            country=iso2,
            kind=generic.kind,
        )


def _read_yaml_text(text: str) -> dict[str, Any]:
    return yaml_mapping(text, what="actor dictionary", must="be a mapping with an 'actors' list")


def _actor(entry: Any, *, origin: str) -> Actor:
    if not isinstance(entry, dict) or "name" not in entry or "inter" not in entry:
        raise TadmorError("E006", f"{origin}: each actor needs a name and an inter code: {entry!r}")
    inter = int(entry["inter"])
    if inter not in ACLED_INTER:
        raise TadmorError("E006", f"{origin}: actor {entry['name']!r} has inter {inter}, not 1-8")
    aliases = tuple(str(a) for a in entry.get("aliases", []) or [])
    name = str(entry["name"])
    return Actor(
        name=name,
        inter=inter,
        country=str(entry.get("country", "") or ""),
        aliases=aliases or (name,),
        kind=str(entry.get("kind", "")),
        acled_name=str(entry.get("acled_name", "") or ""),
    )


def _merge(base: dict[str, Any], extra: dict[str, Any], *, origin: str) -> dict[str, Any]:
    merged = dict(base)
    by_name = {a["name"]: a for a in base.get("actors", [])}
    for a in extra.get("actors", []) or []:
        _actor(a, origin=origin)  # validate
        by_name[a["name"]] = a
    merged["actors"] = list(by_name.values())
    if "leaders" in extra:
        merged["leaders"] = [*(base.get("leaders") or []), *(extra["leaders"] or [])]
    for key in ("generic", "anaphors"):
        if key in extra:
            merged[key] = extra[key]
    if "state_forces" in extra:
        merged["state_forces"] = {**(base.get("state_forces") or {}), **extra["state_forces"]}
    return merged
