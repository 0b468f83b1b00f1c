"""Noun-phrase forms: putting a phrase found in text into the nominative or genitive.

Owns inflection with pymorphy (through natasha's MorphVocab): only the head noun and the
words agreeing with it change ("губернатором Смоленской области" → "губернатор Смоленской
области"); dependents keep their form. Used by organizations, persons, needs.
"""
from __future__ import annotations

import re

from functools import lru_cache

from pymorphy2.analyzer import Parse as _PymorphyParse

from .tagging import Token

_OC_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
            "Loc": "loct"}
AGREEING = {"ADJ", "DET", "NUM", "VERB"}  # VERB: participles ("заданным")
HEADS = {"NOUN", "PROPN"}


def head_index(tokens: list[Token], morph=None) -> int | None:
    """Index of the phrase's head: its first noun after leading modifiers.

    The tagger sometimes reads a rare noun as an adjective ("в подшипниках качения");
    a word pymorphy knows only as a noun is a noun.
    """
    for i, tok in enumerate(tokens):
        if tok.pos in HEADS or (morph is not None and _only_noun(tok.text, morph)):
            return i
        if tok.pos not in AGREEING and not tok.text.isdigit():
            return None
    return None


def _only_noun(word: str, morph) -> bool:
    parses = morph(word)
    return bool(parses) and parses[0].is_known and \
        all(p.tag.POS == "NOUN" for p in parses if p.score > 0.05)


def inflect_phrase(tokens: list[Token], text: str, morph, case: str = "nomn") -> str:
    """The phrase `tokens` (offsets into `text`) with its head group put into `case`.

    The number comes from a leading adjective when there is one (adjectives are less
    ambiguous: "резинотехнические уплотнения"), else from the head noun.
    """
    if not tokens:
        return ""
    words = [tok.text for tok in tokens]
    _inflect_group(tokens, words, morph, case)
    parts = []
    for i, tok in enumerate(tokens):
        if i:
            parts.append(text[tokens[i - 1].stop:tok.start])
        parts.append(words[i])
    return "".join(parts)


def _inflect_group(tokens: list[Token], words: list[str], morph, case: str, offset: int = 0,
                   depth: int = 0) -> None:
    """Inflect the head group of tokens[offset:] in `words`; then a conjunct after "и" that
    stands in the same case ("навигационных блоков и щитов управления")."""
    head = head_index(tokens[offset:], morph)
    if head is None:
        return
    head += offset
    original_case = tokens[head].feats.get("Case")
    sub = tokens[offset:]
    local = [w for w in words[offset:]]
    _inflect_head(sub, local, morph, case, head - offset)
    words[offset:] = local
    if depth > 3:
        return
    for k in range(head + 1, len(tokens) - 1):
        if tokens[k].text in (",", "(", "«") or tokens[k].pos == "ADP":
            return
        if tokens[k].lemma == "и":
            nxt = head_index(tokens[k + 1:], morph)
            if nxt is not None and tokens[k + 1 + nxt].feats.get("Case") == original_case:
                _inflect_group(tokens, words, morph, case, k + 1, depth + 1)
            return


def _inflect_head(tokens: list[Token], words: list[str], morph, case: str, head: int) -> None:
    if head is not None:
        number = _number(tokens, head, morph)
        words[head] = inflect_word(tokens[head], morph, {case, number})
        gender = _gender(tokens[head], morph)
        for i in range(head):
            if tokens[i].pos in AGREEING:
                grams = {case, number} if number == "plur" else {case, number, gender}
                words[i] = inflect_word(tokens[i], morph, {g for g in grams if g})


def _number(tokens: list[Token], head: int, morph) -> str:
    """sing or plur: what pymorphy is sure of, else a leading adjective, else the tagger."""
    known = {g for p in morph(tokens[head].text) for g in p.tag.grammemes if g in ("sing", "plur")}
    if len(known) == 1:
        return known.pop()
    numbers = [t.feats.get("Number") for t in tokens[:head] if t.pos in ("ADJ", "VERB")]
    number = numbers[0] if numbers and numbers[0] else tokens[head].feats.get("Number")
    return "plur" if number == "Plur" else "sing"


def inflect_word(tok: Token, morph, grams: set[str]) -> str:
    """`tok` inflected to `grams`, keeping its capitalisation; unchanged if impossible."""
    return _inflect_cached(morph, tok.text, tok.pos, tok.feats.get("Case"),
                           tok.feats.get("Number"), frozenset(grams))


@lru_cache(maxsize=20_000)
def _inflect_cached(morph, text: str, pos: str, case: str | None, number: str | None,
                    grams: frozenset) -> str:
    tok = Token(text, 0, 0, pos, {"Case": case, "Number": number}, text)
    parse = _best_parse(tok, morph)
    if parse is None:
        return tok.text
    if "plur" in grams and "Pltm" not in parse.tag.grammemes and "Sgtm" in parse.tag.grammemes:
        grams = (grams - {"plur"}) | {"sing"}
    if parse.tag.POS in ("ADJF", "PRTF") and "plur" in grams:
        grams = grams - {"masc", "femn", "neut"}
    form = _PymorphyParse.inflect(parse, frozenset(grams))
    if form is None and "sing" in grams:
        form = _PymorphyParse.inflect(parse, frozenset(grams - {"sing"}))
    if form is None:
        return tok.text
    word = form.word
    if len(tok.text) > 1 and tok.text[:2].isupper():  # "МИДа" → "МИД"
        return word.upper()
    if tok.text[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _best_parse(tok: Token, morph):
    parses = morph(tok.text)
    if not parses:
        return None
    case = _OC_CASE.get(tok.feats.get("Case", ""))
    number = {"Sing": "sing", "Plur": "plur"}.get(tok.feats.get("Number", ""))
    pos_ok = {"NOUN": {"NOUN"}, "PROPN": {"NOUN"}, "ADJ": {"ADJF", "ADJS"}, "VERB": {"PRTF"},
              "DET": {"ADJF", "NPRO"}, "NUM": {"NUMR", "ADJF"}}.get(tok.pos, set())
    if not any(p.tag.POS in pos_ok for p in parses):
        pos_ok = {parses[0].tag.POS}

    def score(p):
        g = p.tag.grammemes
        return ((p.tag.POS in pos_ok) * 4 + (case in g if case else 0) * 2
                + (number in g if number else 0), p.score)
    return max(parses, key=score)


def _gender(tok: Token, morph) -> str | None:
    parse = _best_parse(tok, morph)
    if parse is None:
        return None
    return next((g for g in ("masc", "femn", "neut") if g in parse.tag.grammemes), None)


def lower_first(s: str) -> str:
    """'Заместитель председателя' → 'заместитель председателя'; 'ОАО' stays."""
    if len(s) > 1 and s[:2].isupper():
        return s
    return s[:1].lower() + s[1:]


def genitive_name(name: str, morph) -> str:
    """A name in the nominative put into the genitive up to its head noun, capitals kept:
    "Челябинский трубопрокатный завод" → "Челябинского трубопрокатного завода",
    "Республика Татарстан" → "Республики Татарстан", "Мосгортранс" → "Мосгортранса"."""
    out, done = [], False
    for word in name.split():
        if done or not re.fullmatch(r"[А-ЯЁ]?[а-яё]+(?:-[а-яё]+)?", word):  # "ОДК-Пермские" stays
            out.append(word)
            done = done or bool(out[:-1])
            continue
        parse = next((p for p in morph(word) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF")), None)
        form = parse.inflect({"Gen"}) if parse is not None else None
        if form is None:
            out.append(word)
            done = True
            continue
        new = form.word
        if "ё" not in word.lower():
            new = new.replace("ё", "е")
        out.append(new[:1].upper() + new[1:] if word[:1].isupper() else new)
        done = parse.tag.POS == "NOUN"
    return " ".join(out)
