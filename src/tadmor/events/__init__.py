"""Event detection, typing, arguments, modality and fatalities."""

from tadmor.events.extract import DocInputs, EventExtractor
from tadmor.events.fatalities import find_fatalities
from tadmor.events.lexicon import Lexicon, default_lexicon, load_lexicon
from tadmor.events.modality import ModalityReading, read_modality

__all__ = [
    "DocInputs",
    "EventExtractor",
    "Lexicon",
    "ModalityReading",
    "default_lexicon",
    "find_fatalities",
    "load_lexicon",
    "read_modality",
]
