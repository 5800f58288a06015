"""The web app and HTTP API over a store (``tadmor serve``).

>>> from tadmor.api import create_app            # doctest: +SKIP
>>> app = create_app(settings, open_store("out/demo.duckdb"))  # doctest: +SKIP
"""

from __future__ import annotations

from tadmor.api.app import create_app
from tadmor.api.state import ApiConfig

__all__ = ["ApiConfig", "create_app"]
