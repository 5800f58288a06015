"""Cross-document merging, claims and the control timeline."""

from tadmor.resolve.build import merge_mentions
from tadmor.resolve.full import resolve_all
from tadmor.resolve.incremental import ResolutionDelta, resolve_incremental
from tadmor.resolve.merge import split_claims
from tadmor.resolve.timeline import ControlChange, control_changes, control_timeline

__all__ = [
    "ControlChange",
    "ResolutionDelta",
    "control_changes",
    "control_timeline",
    "merge_mentions",
    "resolve_all",
    "resolve_incremental",
    "split_claims",
]
