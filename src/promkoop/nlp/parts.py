"""Heavy parts of the engine, built once by the caller and passed to `extract()`.

Owns loading the natasha models (navec embeddings, slovnet morph and NER taggers; they
ship in the wheels, nothing is downloaded), the region index built from a `Gazetteer` and
the world places index (the package's own data/world_places.csv).
Building takes about a second; an `NlpParts` is read-only afterwards and can be shared.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

from .places import world_index
from .regions import Gazetteer, RegionIndex, load_gazetteer


BATCH_SIZE = 32  # sentences per slovnet batch; natasha's default of 8 is ~7% slower here


@dataclass(frozen=True)
class NlpParts:
    segmenter: Segmenter
    morph_vocab: MorphVocab
    morph_tagger: NewsMorphTagger
    ner_tagger: NewsNERTagger
    regions: RegionIndex
    world: RegionIndex  # foreign countries and cities (places.py), for the entity layer

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> "NlpParts":
        """Load the models and index `gazetteer`'s aliases."""
        embedding = NewsEmbedding()
        vocab = MorphVocab()
        morph_tagger, ner_tagger = NewsMorphTagger(embedding), NewsNERTagger(embedding)
        for tagger in (morph_tagger, ner_tagger):  # a press release in one or two batches
            tagger.batch_size = tagger.infer.encoder.batch_size = BATCH_SIZE
        return cls(segmenter=Segmenter(), morph_vocab=vocab, morph_tagger=morph_tagger,
                   ner_tagger=ner_tagger, regions=RegionIndex(gazetteer, vocab),
                   world=world_index(vocab))

    @classmethod
    def from_data_dir(cls, regions_dir: str | Path) -> "NlpParts":
        """Parts with the region tables in `regions_dir` (regions.csv, aliases.csv, cities.csv)."""
        return cls.build(load_gazetteer(regions_dir))
