"""Tagging step: body text → tokens with morphology, sentences and NER spans.

Owns the border with natasha: a natasha `Doc` is built, segmented (razdel), morph-tagged
and NER-tagged (slovnet) here and converted to the engine's own `Tagged` value; no natasha
object leaves this module. Sentences never cross a line break, since every line of the
body is its own paragraph or list item.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from natasha import Doc


@dataclass(slots=True)
class Token:
    text: str
    start: int
    stop: int
    pos: str
    feats: dict
    lemma: str  # from the tagger's reading, lower case, ё→е

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True, slots=True)
class NerSpan:
    type: str  # PER, LOC, ORG
    start: int
    stop: int
    text: str
    normal: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    stop: int
    first: int  # index of its first token in Tagged.tokens
    last: int   # index after its last token
    paragraph: int


@dataclass(frozen=True)
class Tagged:
    """Analysed text: `tokens`, `sentences` over them, NER `spans`; offsets index `text`."""

    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    spans: tuple[NerSpan, ...]

    def sentence_text(self, sent: Sentence) -> str:
        return self.text[sent.start:sent.stop]

    def between(self, i: int, j: int) -> str:
        """Text of tokens i..j-1 with their original spacing."""
        if j <= i:
            return ""
        return self.text[self.tokens[i].start:self.tokens[j - 1].stop]

    @cached_property
    def token_sentence(self) -> tuple[int, ...]:
        out = [0] * len(self.tokens)
        for n, sent in enumerate(self.sentences):
            for i in range(sent.first, sent.last):
                out[i] = n
        return tuple(out)

    @cached_property
    def span_of_token(self) -> tuple[NerSpan | None, ...]:
        out: list[NerSpan | None] = [None] * len(self.tokens)
        k = 0
        spans = sorted(self.spans, key=lambda s: s.start)
        for i, tok in enumerate(self.tokens):
            while k < len(spans) and spans[k].stop <= tok.start:
                k += 1
            if k < len(spans) and spans[k].start <= tok.start < spans[k].stop:
                out[i] = spans[k]
        return tuple(out)

    def token_index_at(self, offset: int) -> int:
        """Index of the first token that starts at or after `offset`."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].start < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


def tag_text(text: str, parts, *, morph: bool = True) -> Tagged:
    """Tokens, sentences and NER spans of `text`, one paragraph per line.

    Without `morph` only names are tagged (slovnet NER, no morphology: about a third of
    the time): tokens then carry no part of speech ("X"), no features, and their lower-case
    text as lemma. The entity layer reads lines outside the story that way.
    """
    doc = Doc(text)
    doc.segment(parts.segmenter)
    if morph:
        doc.tag_morph(parts.morph_tagger)
    doc.tag_ner(parts.ner_tagger)
    vocab = parts.morph_vocab

    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    paragraph = 0
    for sent in doc.sents:
        group_start = len(tokens)
        for tok in sent.tokens:
            while paragraph + 1 < len(line_starts) and tok.start >= line_starts[paragraph + 1]:
                if len(tokens) > group_start:
                    sentences.append(_sentence(tokens, group_start, paragraph))
                    group_start = len(tokens)
                paragraph += 1
            if morph:
                tok.lemmatize(vocab)
            tokens.append(Token(tok.text, tok.start, tok.stop, tok.pos or "X", tok.feats or {},
                                (tok.lemma or tok.text).lower().replace("ё", "е")))
        if len(tokens) > group_start:
            sentences.append(_sentence(tokens, group_start, paragraph))

    spans = []
    for span in doc.spans:
        if morph and span.type in ("PER", "ORG"):
            span.normalize(vocab)
        spans.append(NerSpan(span.type, span.start, span.stop, span.text,
                             span.normal or span.text))
    return Tagged(text, tuple(tokens), tuple(sentences), tuple(spans))


def _sentence(tokens, first, paragraph) -> Sentence:
    return Sentence(tokens[first].start, tokens[-1].stop, first, len(tokens), paragraph)
