"""Package data (actors.yaml, countries.yaml, triggers.yaml), the reader of the country list,
and the reader of a YAML mapping that the data files and users' actor files share."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def yaml_mapping(text: str, *, what: str, must: str) -> dict[str, Any]:
    """The mapping a YAML text holds; error E006 "<what> is not valid YAML" or "<what> must
    <must>" otherwise."""
    import yaml

    from tadmor.errors import TadmorError

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TadmorError("E006", f"{what} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise TadmorError("E006", f"{what} must {must}")
    return data


@lru_cache(maxsize=1)
def country_list() -> dict[str, tuple[str, ...]]:
    """ISO2 -> the names of ``countries.yaml``: the country as ACLED writes it first, then its
    other names and nationality words. Read once; a broken file is error E006."""
    from importlib import resources

    from tadmor.errors import TadmorError

    text = resources.files("tadmor.data").joinpath("countries.yaml").read_text(encoding="utf-8")
    raw = yaml_mapping(text, what="countries.yaml", must="map ISO2 codes to lists of names")
    out: dict[str, tuple[str, ...]] = {}
    for iso, names in raw.items():
        if not isinstance(names, list) or not names:
            raise TadmorError("E006", f"countries.yaml: entry {iso} must be a list of names")
        out[str(iso)] = tuple(str(n) for n in names)
    return out
