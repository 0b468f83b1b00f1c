"""Long needs are ranked on what they ask for (the wanted phrase) with the rest of the words weighed less;
needs asking for work prefer service capabilities, and the explanation says so."""

from promkoop.cooperation.matching.reasons import reason_texts
from promkoop.matching import CapabilityDoc, CapabilityIndex, NeedQuery, rank
from promkoop.matching.need_text import asks_for_service, focus

LONG = ("Для угольного разреза в Кузбассе нужны насосы центробежные секционные для откачки воды, подача до "
        "300 м³/ч. Поставка с комплектом документации, кабели и шкафы управления поставляются отдельно по "
        "другому договору, кабели силовые и контрольные у нас есть. Гарантия 24 месяца, доставка до склада "
        "покупателя, оплата по факту поставки, кабели не нужны.")


def _doc(i, name, okpd2, kind="product"):
    return CapabilityDoc(id=i, organization_id=i, organization_name=f"Завод {i}", region_code="66", name=name,
                         okpd2=okpd2, kind=kind)


DOCS = [_doc(1, "Насосы центробежные секционные типа ЦНС", "28.13.14.110"),
        _doc(2, "Кабели силовые и контрольные для угольного разреза, доставка до склада покупателя", "27.32.13.111"),
        _doc(3, "Шкафы управления и автоматики", "27.12.31.000"),
        _doc(4, "Ремонт электродвигателей с перемоткой обмоток", "33.14.11.000", kind="service"),
        _doc(5, "Электродвигатели асинхронные, ремонтопригодные, с перемоткой по заказу", "27.11.24.000")]


def test_focus_is_the_phrase_after_the_want_verb_and_short_needs_stay_whole():
    wanted = focus(LONG)
    assert wanted.focus.startswith("насосы центробежные секционные")
    assert "Гарантия" in wanted.rest and "насосы" not in wanted.rest
    assert focus("ЗИП на насосы ЦНС 60-198").focus == "ЗИП на насосы ЦНС 60-198"
    assert focus("ЗИП на насосы ЦНС 60-198").rest == ""


def test_service_is_told_from_goods_by_the_first_words():
    assert asks_for_service("Перемотка и ремонт электродвигателей до 500 кВт")
    assert asks_for_service("Неразрушающий контроль сварных соединений: УЗК")
    assert not asks_for_service("Электродвигатели АИР 15 кВт")
    assert not asks_for_service("Опытная партия пружин по чертежам")


def test_a_long_need_ranks_the_wanted_product_over_what_its_terms_mention_more_often():
    index = CapabilityIndex.build(DOCS)
    assert [m.capability_id for m in rank(NeedQuery(text=LONG), index, top=3)][0] == 1


def test_a_need_for_work_prefers_the_service_and_the_explanation_says_why():
    index = CapabilityIndex.build(DOCS)
    result = rank(NeedQuery(text="перемотка электродвигателей"), index, top=2)
    assert result[0].capability_id == 4
    assert result[0].components["service"] == 1.0
    assert [r.kind for r in result[0].explanation.reasons].count("service") == 1
    assert "услуга поставщика" in " ".join(reason_texts(result[0].explanation.reasons))
    goods = rank(NeedQuery(text="электродвигатели асинхронные"), index, top=2)
    assert all(m.components["service"] == 0.0 for m in goods)
    assert all(r.kind != "service" for m in goods for r in m.explanation.reasons)
