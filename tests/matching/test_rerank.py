"""Re-ranking by requirement fit does not depend on how many results are asked for."""

from promkoop.matching import CapabilityDoc, CapabilityIndex, NeedQuery, Weights, rank

WARM = [CapabilityDoc(id=i, organization_id=i, organization_name=f"Завод {i}", region_code="66",
                      name="Манжеты резиновые уплотнительные манжеты", okpd2="22.19.73.112", temp_min_c=-30)
        for i in range(1, 7)]
COLD = CapabilityDoc(id=7, organization_id=7, organization_name="Северный завод", region_code="66",
                     name="Резинотехнические изделия: манжеты, кольца, пыльники, амортизаторы для техники Севера",
                     okpd2="22.19.73.119", temp_min_c=-60)


def test_a_row_low_on_text_but_meeting_the_requirement_is_assessed_whatever_the_budget():
    index = CapabilityIndex.build([*WARM, COLD])
    query = NeedQuery(text="манжеты до −60 °С")
    weights = Weights.load().replace(retrieval={"rerank": 1}, fusion={"requirements": 0.6})
    base_order = [m.capability_id for m in rank(query, index, top=7, weights=weights.replace(
        fusion={"requirements": 0.0}, requirements={"hard_mismatch_penalty": 0.0}))]
    assert base_order[-1] == 7  # on text alone the cold maker is last
    best = rank(query, index, top=1, weights=weights)  # a budget of 3 assessed rows
    assert [m.capability_id for m in best] == [7]
    assert [m.capability_id for m in rank(query, index, top=7, weights=weights)][:1] == [7]


def test_the_assessment_budget_never_changes_the_result_even_when_rows_are_hidden():
    """`retrieval.rerank` only bounds the work: with a budget of one row or of every row, each need of the dev
    set gets the same capabilities in the same order and with the same scores — also when a `visible` filter
    hides some organizations (the bound counts visible rows only)."""
    import json
    from pathlib import Path

    from .sample import CAPABILITIES

    index = CapabilityIndex.build(CAPABILITIES)
    devset = Path(__file__).with_name("devset") / "needs.jsonl"
    texts = [json.loads(line)["text"] for line in devset.read_text(encoding="utf-8").splitlines() if line.strip()]
    small = Weights.load().replace(retrieval={"rerank": 1})
    large = Weights.load().replace(retrieval={"rerank": 10_000})
    hidden = {c.organization_id for c in CAPABILITIES[:2 * len(CAPABILITIES) // 3]}
    checked = 0
    for text in texts[:60]:
        for top in (1, 3, 8):
            for visible in (None, lambda doc: doc.organization_id not in hidden):
                a = rank(NeedQuery(text=text), index, top=top, weights=small, visible=visible)
                b = rank(NeedQuery(text=text), index, top=top, weights=large, visible=visible)
                assert [(m.capability_id, m.score) for m in a] == [(m.capability_id, m.score) for m in b], text
                checked += bool(a)
    assert checked > 100
