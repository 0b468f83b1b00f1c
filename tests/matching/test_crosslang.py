"""English query words to Russian through the multilingual encoder, over the ОКПД2 vocabulary
(issue 12, point 11). The word list measures it: each English word of industrial purchasing
and the Russian stem its translations must hold; the share found is printed and must stay high,
and words with no industrial sense must not be "translated" into products."""
import csv
from pathlib import Path

import pytest

from promkoop.matching.crosslang import Translator, is_foreign, vocabulary

OKPD2 = Path(__file__).resolve().parents[2] / "data" / "classifiers" / "okpd2.csv"

WORDS = {  # English query word → a Russian stem one of its translations must start with
    "rubber": "резин", "bearings": "подшипник", "pumps": "насос", "valves": "клапан", "cable": "кабел",
    "furniture": "мебел", "brake": "тормоз", "steel": "стал", "seals": "уплотнен", "tires": "шин",
    "glass": "стекл", "paper": "бумаг", "engines": "двигател", "transformers": "трансформатор",
    "fertilizers": "удобрен", "timber": "древес", "bricks": "кирпич", "pipes": "труб",
    "gears": "передач", "plastics": "пластмасс",
}


@pytest.fixture(scope="module")
def translator(encoder):
    with OKPD2.open(encoding="utf-8") as f:
        names = [row["name"] for row in csv.DictReader(f) if int(row["level"]) <= 4]
    return Translator(encoder, vocabulary(names))


def test_english_words_find_their_russian_translations(translator):
    found = {word: translator.translate(word) for word in WORDS}
    hits = [w for w, stem in WORDS.items() if any(t.startswith(stem) for t in found[w])]
    print(f"\ncrosslang: {len(hits)}/{len(WORDS)} English words translated; missed: "
          f"{ {w: found[w] for w in WORDS if w not in hits} }")
    assert len(hits) >= 0.8 * len(WORDS)
    assert any(t.startswith("резин") for t in translator.translate("rubber"))


def test_words_without_a_product_sense_are_not_translated(translator):
    # (a word that sounds like part of a product name can still pass: "quickly" → быстрорежущей, 0.80)
    for word in ("hello", "yesterday", "beautiful", "good", "iso", "dn"):
        assert translator.translate(word) == (), word


def test_only_latin_words_are_foreign():
    assert is_foreign("Rubber") and not is_foreign("резина") and not is_foreign("12Х18Н10Т")
    assert not is_foreign("ГОСТ") and not is_foreign("22.19")
