"""Cross-document merging, claims and the control timeline."""

from tadmor.resolve.merge import merge_mentions, split_claims
from tadmor.resolve.timeline import ControlChange, control_changes, control_timeline

__all__ = ["ControlChange", "control_changes", "control_timeline", "merge_mentions", "split_claims"]
