"""Sentences, entities (spaCy) and time expressions normalised against the publication date."""

from tadmor.nlp.parse import Parser, to_parsed

__all__ = ["Parser", "to_parsed"]
