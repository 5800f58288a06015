"""Score control changes against an expected_control.json file.

A predicted change matches an expected one when its place lies within ``max_km`` of the
expected point, its date within the expected ``window_days``, and both sides match after
normalisation through the actor dictionary.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from tadmor.actors import ActorDictionary, ActorMatcher
from tadmor.errors import TadmorError
from tadmor.eval.metrics import PRF
from tadmor.geo import distance_km
from tadmor.resolve import ControlChange, control_changes
from tadmor.settings import Settings


@dataclass(frozen=True, slots=True)
class ExpectedChange:
    place: str
    latitude: float
    longitude: float
    date: date
    window_days: int
    from_actor: str
    to_actor: str
    # other names an annotator accepts for each side ("from"/"to" given as a JSON list)
    from_alternatives: tuple[str, ...] = ()
    to_alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChangeMatch:
    expected: str
    predicted: str | None


@dataclass(frozen=True, slots=True)
class ControlScores:
    expected: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    matches: tuple[ChangeMatch, ...]
    # diagnostics: expected changes found at the right place and date with the right
    # taker but another previous holder, and the predictions that matched nothing
    matched_ignoring_from: int = 0
    unmatched_predictions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def load_expected(path: Path) -> list[ExpectedChange]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            ExpectedChange(
                place=str(c["place"]),
                latitude=float(c["lat"]),
                longitude=float(c["lon"]),
                date=date.fromisoformat(str(c["date"])),
                window_days=int(c.get("window_days", 0)),
                from_actor=_names(c.get("from", ""))[0],
                to_actor=_names(c.get("to", ""))[0],
                from_alternatives=_names(c.get("from", ""))[1:],
                to_alternatives=_names(c.get("to", ""))[1:],
            )
            for c in data["changes"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TadmorError("E401", f"cannot read expected changes from {path}: {exc}") from exc


def _names(value: object) -> tuple[str, ...]:
    """A side as written in the gold file: one name, or a list of acceptable names."""
    if isinstance(value, list):
        names = tuple(str(v) for v in value)
        return names or ("",)
    return (str(value),)


def score_changes(
    expected: list[ExpectedChange],
    predicted: list[ControlChange],
    *,
    matcher: ActorMatcher,
    max_km: float = 25.0,
) -> ControlScores:
    def norm(name: str) -> str:
        actor = matcher.normalise(name)
        return actor.name if actor is not None else name.strip().lower()

    def sides(x: ExpectedChange) -> tuple[set[str], set[str]]:
        return (
            {norm(a) for a in (x.from_actor, *x.from_alternatives)},
            {norm(a) for a in (x.to_actor, *x.to_alternatives)},
        )

    def near(x: ExpectedChange, p: ControlChange) -> bool:
        if distance_km(x.latitude, x.longitude, p.latitude, p.longitude) > max_km:
            return False
        return abs((p.date - x.date).days) <= x.window_days

    used: set[int] = set()
    matches: list[ChangeMatch] = []
    loose = 0
    for x in expected:
        before, after = sides(x)
        hit = None
        for i, p in enumerate(predicted):
            if i in used or not near(x, p) or norm(p.to_actor) not in after:
                continue
            if norm(p.from_actor) not in before:
                continue
            hit = i
            break
        if hit is not None or any(near(x, p) and norm(p.to_actor) in after for p in predicted):
            loose += 1
        label = f"{x.place} {x.date} {x.from_actor} -> {x.to_actor}"
        if hit is None:
            matches.append(ChangeMatch(expected=label, predicted=None))
        else:
            used.add(hit)
            p = predicted[hit]
            matches.append(
                ChangeMatch(
                    expected=label, predicted=f"{p.place} {p.date} {p.from_actor} -> {p.to_actor}"
                )
            )
    tp = len(used)
    prf = PRF.of(right_pred=tp, pred=len(predicted), right_gold=tp, gold=len(expected))
    return ControlScores(
        expected=len(expected),
        predicted=len(predicted),
        matched=tp,
        precision=round(prf.precision, 4),
        recall=round(prf.recall, 4),
        f1=round(prf.f1, 4),
        matches=tuple(matches),
        matched_ignoring_from=loose,
        unmatched_predictions=tuple(
            f"{p.place} {p.date} {p.from_actor} -> {p.to_actor}"
            for i, p in enumerate(predicted)
            if i not in used
        ),
    )


def evaluate_control(
    path: Path,
    *,
    settings: Settings,
    use_existing: bool = False,
    corpus: Path | None = None,
) -> dict[str, object]:
    """Run the pipeline over ``corpus`` (default: the folder of ``path``) and score it.

    With ``use_existing`` the store named in the settings is scored as it is.
    """
    from tadmor.pipeline import run
    from tadmor.store import open_store

    expected_file = path / "expected_control.json" if path.is_dir() else path
    corpus = corpus or expected_file.parent
    expected = load_expected(expected_file)
    with tempfile.TemporaryDirectory() as tmp:
        store_path = settings.store if use_existing else str(Path(tmp) / "eval.duckdb")
        store = open_store(store_path)
        try:
            if not use_existing:
                run([corpus], settings=settings, store=store)
            events = store.events()
            predicted = control_changes(store.control_periods(), events)
        finally:
            store.close()
    matcher = ActorMatcher(ActorDictionary.load(settings.actor_files))
    return score_changes(expected, predicted, matcher=matcher).to_json()
