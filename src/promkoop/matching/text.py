"""Russian text analysis for matching: folding, tokens, stop words, abbreviations, stems.

`Analyzer` turns text into the stems BM25 indexes, expanding abbreviations
(РТИ → резинотехнические изделия) and synonyms from `data/synonyms.json`, and
prepares text for the dense encoder (abbreviations spelled out inline). The
same analyzer serves documents and queries, so both sides meet on the same
stems.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import Stemmer

_DATA = Path(__file__).with_name("data")
_TOKEN = re.compile(r"[a-zа-я]+|\d+")

# A free-text query is a search box, not a document: its first words are what was asked.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 32
# By Unicode category: controls and separators part words; format characters (zero-width spaces and
# joiners, bidi overrides), private-use, unassigned and surrogate code points are dropped.
_QUERY_CHAR = {"Cc": " ", "Zs": " ", "Zl": " ", "Zp": " ", "Cf": "", "Co": "", "Cn": "", "Cs": ""}


def normalize_query(text: str, *, max_chars: int = MAX_QUERY_CHARS, max_terms: int = MAX_QUERY_TERMS) -> str:
    """Free query text as the engine takes it: Unicode NFKC (mathematical bold 𝐌𝐚𝐧 → Man, fullwidth
    ２２．１９ → 22.19, ligatures split), format characters (bidi overrides, zero-width spaces) dropped,
    control characters turned into spaces and whitespace collapsed, at most `max_terms` words and `max_chars`
    characters. Exotic letters then cost what plain ones do, and a query's cost is bounded.

    >>> normalize_query("𝐌𝐚𝐧𝐳𝐡𝐞𝐭𝐲  ＲＴＩ\u202e ман\u200bжеты\tХЛ１")
    'Manzhety RTI манжеты ХЛ1'
    >>> normalize_query("манжеты " * 100).count(" ") + 1
    32
    """
    # NFKC may lengthen text (one ligature, several letters): bound what it reads, then the result.
    text = unicodedata.normalize("NFKC", text[: max_chars * 2])
    text = "".join(_QUERY_CHAR.get(unicodedata.category(ch), ch) for ch in text)
    return " ".join(text.split()[:max_terms])[:max_chars].strip()


def fold(text: str) -> str:
    """Lower-case and map ё to е (the registry's `fold`, repeated here to stay Django-free).

    >>> fold("Ёмкости РТИ")
    'емкости рти'
    """
    return text.lower().replace("ё", "е")


def tokens(text: str) -> list[str]:
    """Folded word and number tokens; letters and digits are split ('ХЛ1' → 'хл', '1').

    >>> tokens("Манжеты ХЛ1, ГОСТ 15150-69; Ёлка")
    ['манжеты', 'хл', '1', 'гост', '15150', '69', 'елка']
    """
    return _TOKEN.findall(fold(text))


@dataclass(frozen=True, slots=True)
class Term:
    """A query term: the surface word and the stems it stands for (itself plus expansions)."""

    surface: str
    stems: tuple[str, ...]


class Analyzer:
    """Tokeniser + Russian Snowball stemmer + abbreviation/synonym table.

    >>> a = Analyzer.default()
    >>> a.analyze("Манжеты ХЛ1 по ТЗ")
    ['манжет', 'уплотнител', 'хл', 'холодн', 'климат', 'тз', 'техническ', 'задан']
    """

    def __init__(self, abbreviations: dict[str, str], synonyms: dict[str, str], stop_words: frozenset[str],
                 attribute_phrases: dict, signature: str, cut_words: dict[str, str] | None = None) -> None:
        self._stemmer = Stemmer.Stemmer("russian")
        self._stop = stop_words
        self.attribute_phrases = attribute_phrases
        self.signature = signature
        self._abbr = {fold(k): tokens(v) for k, v in abbreviations.items()}
        self._abbr_text = {fold(k): v for k, v in abbreviations.items()}
        self._cut = {fold(k): tokens(v) for k, v in (cut_words or {}).items() if not k.startswith("_")}
        self._syn: dict[str, list[str]] = {}
        for word, extra in synonyms.items():
            self._syn.setdefault(self._stem(fold(word)), []).extend(
                self._stem(t) for t in tokens(extra) if t not in self._stop)
        self._cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    @cache
    def default(cls) -> Analyzer:
        """The analyzer built from the shipped data files (cached per process)."""
        raw_syn = (_DATA / "synonyms.json").read_bytes()
        raw_stop = (_DATA / "stopwords_ru.txt").read_bytes()
        table = json.loads(raw_syn)
        stop = frozenset(
            t for line in raw_stop.decode("utf-8").splitlines() if not line.startswith("#") for t in tokens(line))
        signature = hashlib.sha256(raw_syn + raw_stop).hexdigest()[:16]
        return cls(table["abbreviations"], table["synonyms"], stop, table["attribute_phrases"], signature,
                   table.get("cut_words"))

    def _stem(self, word: str) -> str:
        return self._stemmer.stemWord(word)

    def _expand(self, token: str) -> tuple[str, ...]:
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        if token in self._stop or (len(token) < 2 and token not in self._abbr) or (token.isdigit() and len(token) < 2):
            out: tuple[str, ...] = ()
        else:
            stem = self._stem(token)
            stems = [stem]
            for extra in self._abbr.get(token, ()):
                if extra not in self._stop:
                    extra_stem = self._stem(extra)
                    stems.append(extra_stem)
                    stems.extend(self._syn.get(extra_stem, ()))
            stems.extend(self._syn.get(stem, ()))
            out = tuple(dict.fromkeys(stems))
        if len(self._cache) < 200_000:
            self._cache[token] = out
        return out

    def cut_word_stems(self, token: str) -> tuple[str, ...]:
        """The stems a word cut with a dot stands for when the cut is also a word of its own («мех.»), else ()."""
        return tuple(dict.fromkeys(s for t in self._cut.get(token, ()) for s in self._expand(t)))

    def is_abbreviation(self, token: str) -> bool:
        """Whether a folded token is in the abbreviation table."""
        return token in self._abbr

    def analyze(self, text: str) -> list[str]:
        """Stems of a text with expansions, in order, repeats kept (documents: term frequency counts)."""
        out: list[str] = []
        for token in tokens(text):
            out.extend(self._expand(token))
        return out

    def query_terms(self, text: str) -> list[Term]:
        """Distinct query terms with their stems, for scoring and for naming matched terms."""
        seen: dict[str, Term] = {}
        for token in tokens(text):
            stems = self._expand(token)
            if stems and token not in seen:
                seen[token] = Term(token, stems)
        return list(seen.values())

    def dense_text(self, text: str) -> str:
        """Text for the sentence encoder: abbreviations spelled out after themselves.

        >>> Analyzer.default().dense_text("РТИ по ТЗ")
        'РТИ (резинотехнические изделия) по ТЗ (техническое задание)'
        """
        def spell(m: re.Match) -> str:
            word = m.group(0)
            expansion = self._abbr_text.get(fold(word))
            return f"{word} ({expansion})" if expansion and word.isupper() else word
        return re.sub(r"[A-Za-zА-Яа-яЁё]+", spell, text)
