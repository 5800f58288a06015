"""Actor dictionary, aliases, ACLED inter codes and actor mention matching."""

from tadmor.actors.dictionary import ACLED_INTER, ActorDictionary, GenericActor
from tadmor.actors.match import ActorMatcher, ActorSpan


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED interaction: the two inter codes, smaller first (10*a + b; a alone if no actor2)."""
    if not inter1 and not inter2:
        return 0
    if not inter2 or not inter1:
        return (inter1 or inter2) * 10
    a, b = sorted((inter1, inter2))
    return a * 10 + b


def is_unidentified(name: str) -> bool:
    """ACLED's "Unidentified Armed Group (X)": a report that did not name the perpetrator."""
    return name.startswith("Unidentified")


__all__ = [
    "ACLED_INTER",
    "ActorDictionary",
    "ActorMatcher",
    "ActorSpan",
    "GenericActor",
    "interaction_code",
    "is_unidentified",
]
