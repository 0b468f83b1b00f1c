"""Segmenting step: a plain-text article into title, dateline, author, body and photo credits.

Owns the layout conventions of Russian press releases: the title is the first line;
a line holding only a date is the dateline; navigation ("Новости"), repeated titles and
photo credits ("Фото: © …") are not body text; a lone personal name near the end is the
author, and what follows it (related-news headlines) belongs to other articles.
`extract()` calls `segment_article` right after loading. Every part also carries the
offset in `Article.text` where it starts (a part is always a verbatim piece of the text),
so positions found in the parts map back to the article.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .grammars.dates import URL_LINE, parse_date_line, parse_dateline_lead, url_date
from .loading import Article

NAVIGATION = {
    "новости", "главная", "новости по теме", "читайте также", "читайте также по теме",
    "поделиться", "лента новостей", "все новости", "другие новости", "похожие новости",
    "комментарии", "подписаться", "материалы по теме", "еще новости", "ещё новости",
    "на главную", "версия для печати", "теги", "рубрики",
}
_CREDIT = re.compile(r"^\s*(?:фото(?:графия)?(?:\s+и\s+видео)?|источник(?:\s+фото)?|иллюстрация|"
                     r"видео)\s*(?::|©)\s*|^\s*©\s*", re.I)
_AUTHOR_PREFIX = re.compile(r"^\s*(?:автор|текст|подготовил[аи]?)\s*:\s*", re.I)
_BULLET = re.compile(r"^\s*[–—\-•·*]\s+")
_TERMINAL = tuple(".!?»:;…\"”)")
_NAME_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
HEADER_LINES = 8


@dataclass(frozen=True, slots=True)
class Segments:
    """The parts of an article; `body` holds its paragraphs in order."""

    title: str
    published_at: str | None
    author: str | None
    body: tuple[str, ...]
    credits: tuple[str, ...]
    title_at: int | None = None          # offset of the title in Article.text, None: not in it
    body_at: tuple[int, ...] = ()        # offset of each body paragraph
    credits_at: tuple[int, ...] = ()     # offset of each credit


def segment_article(article: Article, morph) -> Segments:
    """Split `article` into its parts; `morph` (natasha MorphVocab) tells names from words."""
    lines, starts = [], []
    at = 0
    for raw in article.text.split("\n"):
        line = raw.strip()
        if line:
            lines.append(line)
            starts.append(at + len(raw) - len(raw.lstrip()))
        at += len(raw) + 1
    if not lines:
        return Segments(article.title or "", article.published_at, article.author, (), ())
    # Source URLs ("Источник: https://ria.ru/20210602/…"): not story text; their path may date it.
    url_day = next((d for line in lines if (m := URL_LINE.match(line)) and (d := url_date(m["url"]))),
                   None)
    kept = [k for k, line in enumerate(lines) if k == 0 or not URL_LINE.match(line)]
    lines, starts = [lines[k] for k in kept], [starts[k] for k in kept]
    title = article.title or lines[0]
    title_at = starts[0] if lines[0] == title else _find(article.text, title)
    skip = 1 if lines[0] == title or not article.title else 0
    rest, rest_at = lines[skip:], starts[skip:]
    credits: list[tuple[str, int]] = []

    published, start = None, 0
    for i, line in enumerate(rest[:HEADER_LINES]):
        value = parse_date_line(line)
        if value:
            published, start = value, i + 1
            break
        lead = parse_dateline_lead(line)
        if lead:  # "МОСКВА, 12 марта 2019 — Текст": the paragraph is body, less its dateline
            published, start = lead[0], i
            rest = rest[:i] + [line[lead[1]:]] + rest[i + 1:]
            rest_at = rest_at[:i] + [rest_at[i] + lead[1]] + rest_at[i + 1:]
            break
    for line, line_at in zip(rest[:start], rest_at[:start]):
        if credit := _credit(line, line_at):
            credits.append(credit)

    author, end = _cut_tail(rest, start, morph, credits, rest_at)
    body, body_at = [], []
    for line, line_at in zip(rest[start:end], rest_at[start:end]):
        if credit := _credit(line, line_at):
            credits.append(credit)
        elif _is_navigation(line) or line == title:
            continue
        else:
            bullet = _BULLET.match(line)
            cut = bullet.end() if bullet else 0
            body.append(line[cut:])
            body_at.append(line_at + cut)
    return Segments(title=title, published_at=published or article.published_at or url_day,
                    author=author or article.author, body=tuple(body),
                    credits=tuple(c for c, _ in credits), title_at=title_at,
                    body_at=tuple(body_at), credits_at=tuple(a for _, a in credits))


def leftover_lines(article: Article, segments: Segments) -> list[tuple[str, int]]:
    """The article's non-empty lines that are no part of `segments` (navigation, the
    dateline, the author, other articles' headlines), each with its offset in the text."""
    used = sorted(a for a in (segments.title_at, *segments.body_at, *segments.credits_at)
                  if a is not None)
    out = []
    at = 0
    for raw in article.text.split("\n"):
        line = raw.strip()
        if line:
            start = at + len(raw) - len(raw.lstrip())
            k = bisect_left(used, start)
            if not (k < len(used) and used[k] < start + len(line)):
                out.append((line, start))
        at += len(raw) + 1
    return out


def _find(text: str, part: str) -> int | None:
    at = text.find(part)
    return at if at >= 0 else None


def _credit(line: str, line_at: int) -> tuple[str, int] | None:
    credit = credit_text(line)
    return None if credit is None else (credit, line_at + line.index(credit))


def credit_text(line: str) -> str | None:
    """What a photo-credit line credits, or None for other lines.

    >>> credit_text("Фото: © министерство промышленности и торговли Смоленской области")
    'министерство промышленности и торговли Смоленской области'
    """
    m = _CREDIT.match(line)
    if not m:
        return None
    return line[m.end():].strip(" ©:.").strip() or None


def _is_navigation(line: str) -> bool:
    return line.lower().rstrip(":. ") in NAVIGATION


def _cut_tail(lines: list[str], start: int, morph, credits: list, starts: list[int]
              ) -> tuple[str | None, int]:
    """The author and the end of the body lines (lines[start:end]), without the tail of
    other articles' headlines.

    Walks back from the end over lines without closing punctuation (headlines,
    navigation, credits) until it meets the author's name or a body sentence.
    """
    end = len(lines)
    for i in range(len(lines) - 1, start - 1, -1):
        line = lines[i]
        name = _AUTHOR_PREFIX.sub("", line)
        if is_person_name_line(name, morph):
            return name, i
        if credit_text(line) or _is_navigation(line) or not line.endswith(_TERMINAL):
            end = i
            continue
        break
    # No author: keep credits found in the dropped tail, drop the rest.
    for line, line_at in zip(lines[end:], starts[end:]):
        if credit := _credit(line, line_at):
            credits.append(credit)
    return None, end


def is_person_name_line(line: str, morph) -> bool:
    """Whether a line is only a person's name ("Мария Образцова").

    Two or three capitalised words: one of them a known first name, another a surname
    or a patronymic, or a word the dictionary does not know.
    """
    words = line.split()
    if not 2 <= len(words) <= 3 or not all(_NAME_WORD.match(w) for w in words):
        return False
    grams = [{g for p in morph(w) for g in p.tag.grammemes if g in ("Name", "Surn", "Patr")}
             | ({"Surn"} if not any(p.is_known for p in morph(w)) else set()) for w in words]
    first_names = [i for i, g in enumerate(grams) if "Name" in g]
    if not first_names:
        return False
    others = [g for i, g in enumerate(grams) if i != first_names[0]]
    return all(g & {"Surn", "Patr", "Name"} for g in others)
