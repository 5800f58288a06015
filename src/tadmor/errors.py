"""Coded, actionable errors. Library code raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class TadmorError(Exception):
    """An error with a stable code (``E005``) and a message that says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class GazetteerError(TadmorError):
    pass


class StoreError(TadmorError):
    pass
