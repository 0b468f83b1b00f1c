"""Loading step: bytes or text in, a checked plain-text article out.

Owns decoding (UTF-8, else cp1251), HTML boilerplate removal (trafilatura) and
refusing what cannot be an article: empty, binary, too large, not Russian, HTML
without an article. `extract()` calls `load_article`; the CLI passes raw bytes.

The engine reads `Article.text` (line ends normalised to "\n"); character spans it reports
index `Article.source` instead: the input as given (decoded, without a byte-order mark),
or for HTML the plain text extracted from it. `Article.source_offset` maps one to the other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputError, InputErrorCode

MAX_BYTES = 2 * 1024 * 1024  # 2 MB: far above any press release, far below a dump
MIN_CYRILLIC_SHARE = 0.5     # of all letters
MIN_LETTERS = 20
MIN_HTML_ARTICLE_LETTERS = 200  # what trafilatura keeps of a page without an article is less

_HTML = re.compile(r"<\s*(html|body|head|article|div|p|!doctype)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[а-яё]", re.I)


@dataclass(frozen=True, slots=True)
class Article:
    """Plain article text, plus metadata an HTML page carried (or None)."""

    text: str
    title: str | None = None
    published_at: str | None = None
    author: str | None = None
    from_html: bool = False
    source: str | None = None  # what spans index; None: the same as `text`
    # source offset of every text offset, only when "\r\n" made them differ
    offsets: tuple[int, ...] | None = None

    @property
    def source_text(self) -> str:
        return self.text if self.source is None else self.source

    def source_offset(self, i: int) -> int:
        """The offset in `source_text` of offset `i` in `text` (0 <= i <= len(text))."""
        return i if self.offsets is None else self.offsets[i]


def decode(data: bytes) -> str:
    """Text of `data`: UTF-8 (BOM allowed) if it decodes, else cp1251.

    >>> decode("Смоленщина".encode("cp1251"))
    'Смоленщина'
    """
    if len(data) > MAX_BYTES:
        raise InputError(InputErrorCode.TOO_LARGE,
                         f"файл слишком большой: {len(data)} байт, предел {MAX_BYTES} байт")
    if b"\x00" in data[:8192] or _looks_binary(data[:8192].decode("latin-1")):
        raise InputError(InputErrorCode.BINARY, "это двоичный файл, а не текст статьи")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise InputError(InputErrorCode.UNDECODABLE,
                         "не удалось прочитать текст: ни UTF-8, ни cp1251") from None


def _looks_binary(sample: str) -> bool:
    return bool(sample) and len(_CONTROL.findall(sample)) > 0.01 * len(sample)


def load_article(source: str | bytes) -> Article:
    """A checked article from raw text, raw HTML or their bytes; raises `InputError`."""
    text = decode(source) if isinstance(source, bytes) else source.removeprefix("\ufeff")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(InputErrorCode.TOO_LARGE,
                         f"текст слишком большой: больше {MAX_BYTES} байт")
    if _looks_binary(text[:8192]) or "\x00" in text:  # anywhere: PostgreSQL refuses NUL in text
        raise InputError(InputErrorCode.BINARY, "это двоичные данные, а не текст статьи")
    original = text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(InputErrorCode.EMPTY, "пустой текст: извлекать нечего")
    if _HTML.search(text[:4096]):
        article = _from_html(text)
    elif text == original:
        article = Article(text=text)
    else:
        article = Article(text=text, source=original, offsets=None if len(text) == len(original)
                          else _crlf_offsets(original))
    _check_language(article.text)
    return article


def _crlf_offsets(source: str) -> tuple[int, ...]:
    r"""For each offset of the "\r\n"-collapsed text (and its end), the offset in `source`.

    >>> _crlf_offsets("а\r\nб")
    (0, 1, 3, 4)
    """
    out = []
    i = 0
    while i < len(source):
        out.append(i)
        i += 2 if source.startswith("\r\n", i) else 1
    out.append(len(source))
    return tuple(out)


def _from_html(html: str) -> Article:
    import trafilatura  # heavy; only pages need it

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                      with_metadata=True, favor_precision=True)
    body = (doc.text if doc is not None else None) or ""
    if len(_LETTER.findall(body)) < MIN_HTML_ARTICLE_LETTERS:
        raise InputError(InputErrorCode.NO_ARTICLE, "в HTML-странице не найден текст статьи")
    title = (doc.title or "").strip() or None
    date = (doc.date or "").strip() or None
    author = (doc.author or "").strip() or None
    text = body if title is None or body.startswith(title) else f"{title}\n\n{body}"
    return Article(text=text, title=title, published_at=date, author=author, from_html=True)


def _check_language(text: str) -> None:
    letters = len(_LETTER.findall(text))
    if letters < MIN_LETTERS:
        raise InputError(InputErrorCode.EMPTY,
                         f"в тексте почти нет слов ({letters} букв): извлекать нечего")
    share = len(_CYRILLIC.findall(text)) / letters
    if share < MIN_CYRILLIC_SHARE:
        raise InputError(InputErrorCode.NOT_RUSSIAN,
                         f"текст не на русском языке: кириллица {share:.0%} букв, "
                         f"нужно не меньше {MIN_CYRILLIC_SHARE:.0%}")
