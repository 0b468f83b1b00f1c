"""Needs and offers: holder, subject in the nominative, requirements (needs.py)."""
import pytest

from promkoop.nlp import extract

pytestmark = []


def run(parts, body: str):
    return extract("Новость о промышленной кооперации\n\n15 ноября 2025 года\n" + body, parts)


@pytest.mark.parametrize("body, expected", [
    pytest.param("Так, предприятие «Рославльские тормозные системы» выразило заинтересованность в "
                 "поставках резинотехнических изделий, адаптированных для эксплуатации в "
                 "арктических условиях при низких температурах.",
                 ("Рославльские тормозные системы", "резинотехнические изделия"), id="seed"),
    pytest.param("Завод «Тулаточмаш» нуждается в подшипниках качения повышенной точности.",
                 ("Тулаточмаш", "подшипники качения повышенной точности"), id="needs-in"),
    pytest.param("Агрохолдинг «Белая нива» ищет поставщиков насосного оборудования.",
                 ("Белая нива", "насосное оборудование"), id="looks-for-suppliers"),
    pytest.param("Мурманские предприятия испытывают потребность в кабелях для горных работ.",
                 (None, "кабели для горных работ"), id="region-holder"),
    pytest.param("Комбинат «Нижнекамскснаб» проявил интерес к поставкам теплообменного "
                 "оборудования.", ("Нижнекамскснаб", "теплообменное оборудование"),
                 id="interest-in-supplies"),
    pytest.param("Разрез «Северный Кузбасс» закупает гидроцилиндры.\nКроме того, предприятию "
                 "требуются резинотехнические уплотнения в исполнении ХЛ1.",
                 ("Северный Кузбасс", "резинотехнические уплотнения"), id="anaphora"),
])
def test_need(parts, body, expected):
    needs = [(n.organization, n.subject) for n in run(parts, body).needs]
    assert expected in needs


@pytest.mark.parametrize("body, expected", [
    pytest.param("Челябинские специалисты готовы разработать и изготовить опытные образцы по "
                 "заданным техническим требованиям.",
                 (None, "74", "разработка и изготовление опытных образцов по заданным техническим "
                  "требованиям"), id="seed-verbal-nouns"),
    pytest.param("Компания «Волжские композиты» предлагает поставки углепластиковых панелей.",
                 ("Волжские композиты", None, "углепластиковые панели"), id="offers-supplies"),
    pytest.param("ООО «Обнинская гальваника» готово выполнять цинкование и хромирование изделий.",
                 ("Обнинская гальваника", None, "цинкование и хромирование изделий"),
                 id="light-verb"),
    pytest.param("Завод «Волгадизель» предлагает нижегородским партнёрам дизельные двигатели.",
                 ("Волгадизель", None, "дизельные двигатели"), id="dative-addressee-skipped"),
])
def test_offer(parts, body, expected):
    offers = run(parts, body).offers
    got = [(o.organization, o.region_code if o.organization is None else None, o.subject)
           for o in offers]
    assert expected in got


def test_need_carries_typed_requirements(parts):
    body = ("Компания «Якутскэнерго-Сети» нуждается в силовых трансформаторах мощностью 630 кВА в "
            "климатическом исполнении УХЛ1, рассчитанных на работу при температуре до −60 °C.")
    need = run(parts, body).needs[0]
    assert need.subject == "силовые трансформаторы мощностью 630 кВА"
    assert (need.typed.climate_version, need.typed.placement_category, need.typed.temp_min_c) == \
        ("УХЛ", 1, -60)


@pytest.mark.parametrize("body", [
    pytest.param("Участники встречи выразили готовность к расширению кооперационных связей.",
                 id="readiness-for-a-noun"),
    pytest.param("Документ предусматривает обмен информацией о потребностях предприятий и участие "
                 "в выставках.", id="needs-in-general"),
    pytest.param("«Нам нужны поставщики стали», — сказал директор.", id="quotation"),
])
def test_no_need_or_offer(parts, body):
    extraction = run(parts, body)
    assert (extraction.needs, extraction.offers) == ((), ())


def test_subject_stops_before_its_operating_conditions(parts):
    body = ("Завод «Смолмаш» из Смоленской области нуждается в\xa0стальных отливках при "
            "температуре до\xa0−50\xa0°C.")
    need = run(parts, body).needs[0]
    assert (need.subject, need.typed.temp_min_c) == ("стальные отливки", -50)


# Supply deals (issue 10): a need of the buyer and an offer of the supplier, each with its side.
@pytest.mark.parametrize("body, need, offer", [
    pytest.param("ООО «Газпром трансгаз Самара» приобретёт у АО «Пензтяжпромарматура» 200 задвижек.",
                 ("Газпром трансгаз Самара", "задвижки"), ("Пензтяжпромарматура", "поставка задвижек"),
                 id="perfective-purchase-tagged-present"),
    pytest.param("ООО «Сибирский молочник» заказало у АО «Курганмашзавод» 20 охладителей молока.",
                 ("Сибирский молочник", "охладители молока"), ("Курганмашзавод", "поставка охладителей молока"),
                 id="order"),
    pytest.param("ООО «Фортум» увеличило закупки угля у АО «Ургалуголь».",
                 ("Фортум", "уголь"), ("Ургалуголь", "поставка угля"), id="purchases-noun"),
    pytest.param("ОАО «Электрокабель» станет поставщиком силового кабеля для ПАО «Россети Урал».",
                 ("Россети Урал", "силовой кабель"), ("Электрокабель", "поставка силового кабеля"),
                 id="becomes-supplier"),
    pytest.param("АО «Северсталь» осуществит поставку 10 тысяч тонн листа для ПАО «Севмаш».",
                 ("Севмаш", "лист"), ("Северсталь", "поставка листа"), id="carries-out-supply"),
    pytest.param("По условиям соглашения ОАО «Тверской вагоностроительный завод» будет поставлять на "
                 "АО «Метровагонмаш» тяговые двигатели.", ("Метровагонмаш", "тяговые двигатели"),
                 ("Тверской вагоностроительный завод", "поставка тяговых двигателей"), id="buyer-after-na"),
    pytest.param("Узбекская сторона намерена закупить у ПАО «КАМАЗ» 1,5 тысячи машинокомплектов в этом году.",
                 (None, "машинокомплекты"), ("КАМАЗ", "поставка машинокомплектов"), id="supplier-quoted-after-u"),
    pytest.param("АО «Ижсталь» заключило договор с ООО «Метизы»: завод поставит металлургам 30 тысяч тонн "
                 "катанки.", ("Ижсталь", "катанка"), ("Метизы", "поставка катанки"),
                 id="buyer-is-the-other-party-to-the-contract"),
    pytest.param("Компании «Альфа-Пласт» и «Бета-Хим» договорились о поставках полиэтилена.",
                 ("Альфа-Пласт", "полиэтилен"), ("Бета-Хим", "поставка полиэтилена"),
                 id="pair-agreed-on-supplies"),
])
def test_supply_deal(parts, body, need, offer):
    extraction = run(parts, body)
    assert need in [(n.organization, n.subject) for n in extraction.needs]
    assert offer in [(o.organization, o.subject) for o in extraction.offers]


def test_signatures_put_are_not_a_supply(parts):
    body = "Подписи под документом поставили директор завода «Пермские моторы» Андрей Нехорошев."
    assert run(parts, body).offers == ()
