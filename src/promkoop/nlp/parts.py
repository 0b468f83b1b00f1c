"""Heavy parts of the engine, built once by the caller and passed to `extract()`.

Owns loading the natasha models (navec embeddings, slovnet morph and NER taggers; they
ship in the wheels, nothing is downloaded) and the region index built from a `Gazetteer`.
Building takes about a second; an `NlpParts` is read-only afterwards and can be shared.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

from .regions import Gazetteer, RegionIndex, load_gazetteer


@dataclass(frozen=True)
class NlpParts:
    segmenter: Segmenter
    morph_vocab: MorphVocab
    morph_tagger: NewsMorphTagger
    ner_tagger: NewsNERTagger
    regions: RegionIndex

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> "NlpParts":
        """Load the models and index `gazetteer`'s aliases."""
        embedding = NewsEmbedding()
        vocab = MorphVocab()
        return cls(segmenter=Segmenter(), morph_vocab=vocab,
                   morph_tagger=NewsMorphTagger(embedding), ner_tagger=NewsNERTagger(embedding),
                   regions=RegionIndex(gazetteer, vocab))

    @classmethod
    def from_data_dir(cls, regions_dir: str | Path) -> "NlpParts":
        """Parts with the region tables in `regions_dir` (regions.csv, aliases.csv, cities.csv)."""
        return cls.build(load_gazetteer(regions_dir))
