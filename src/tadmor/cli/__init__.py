"""`tadmor ...`: a thin command line over importable functions.

Library errors (TadmorError) become messages and exit codes here, and only here.
Exit codes: 0 success; 1 error; 2 the run finished but some inputs were skipped.

Each command group lives in its own module; importing them registers their commands.
"""

from __future__ import annotations

# isort: off
# commands are listed in `tadmor --help` in the order their modules register them
from tadmor.cli import run, query, evaluate, gazetteer, serve
# isort: on
from tadmor.cli._common import app

__all__ = ["app", "evaluate", "gazetteer", "main", "query", "run", "serve"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
