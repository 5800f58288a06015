"""Toponyms: the offline gazetteer, recognition of place names in text and their resolution."""

from tadmor.geo.focus import SourceFocus, SourceLexicon, source_key
from tadmor.geo.gazetteer import Gazetteer, distance_km, haversine_km
from tadmor.geo.normalize import demonym_country, normalize_name, split_designation
from tadmor.geo.recognize import find_toponyms
from tadmor.geo.resolve import resolve_documents, resolve_toponyms

__all__ = [
    "Gazetteer",
    "SourceFocus",
    "SourceLexicon",
    "demonym_country",
    "distance_km",
    "find_toponyms",
    "haversine_km",
    "normalize_name",
    "resolve_documents",
    "resolve_toponyms",
    "source_key",
    "split_designation",
]
