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
