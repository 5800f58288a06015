"""Measures shared by the scorers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @staticmethod
    def of(*, right_pred: int, pred: int, right_gold: int, gold: int) -> PRF:
        """Precision over predictions, recall over gold items (their right counts may differ)."""
        p = right_pred / pred if pred else 0.0
        r = right_gold / gold if gold else 0.0
        return PRF(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)
