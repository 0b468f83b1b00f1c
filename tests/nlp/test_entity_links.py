"""The entity layer's world places, organization spans (nlp/org_rules.py) and the keys that
link mentions of one entity (`EntityMention.key`)."""
import pytest

from promkoop.nlp import extract
from promkoop.nlp.places import load_world_places

HEAD = "Заголовок\n"


def mentions(parts, sentence: str):
    e = extract(HEAD + sentence, parts)
    return [m for m in e.entities if m.span.start >= len(HEAD)]


def keys(parts, sentence: str, typ: str) -> dict[str, str | None]:
    return {m.text: m.key for m in mentions(parts, sentence) if m.type == typ}


def test_world_places_table_has_countries_aliases_cities_and_parts_of_the_world():
    g = load_world_places()
    names = {r.code: r.name for r in g.regions}
    assert names["TR"] == "Турция" and names["150"] == "Европа" and names["SU"] == "СССР"
    assert ("США", "US") in {(a.alias, a.region_code) for a in g.aliases}
    cities = {(c.name, c.region_code) for c in g.cities}
    assert ("Париж", "FR") in cities
    assert not any(code == "RU" for _, code in cities)  # Russia's cities: data/regions
    assert "Того" not in names.values()  # a common word first of all


def test_foreign_country_slovnet_misses_is_a_place(parts):
    found = {(m.type, m.text) for m in mentions(parts, "Судьи из Египта, Бенина и Европы.")}
    assert {("LOC", "Египта"), ("LOC", "Бенина"), ("LOC", "Европы")} <= found


def test_country_names_share_one_key(parts):
    k = keys(parts, "Украина подписала договор с Турецкой Республикой. Премьер Турции "
                    "прилетел в Киев, а Соединённые Штаты и США выразили поддержку.", "LOC")
    assert k["Турецкой Республикой"] == k["Турции"] == "LOC:TR"
    assert k["Соединённые Штаты"] == k["США"] == "LOC:US"
    assert k["Украина"] == "LOC:UA"


def test_russian_region_forms_share_one_key(parts):
    k = keys(parts, "Парламент Чечни одобрил закон. В Чеченской Республике прошли выборы.",
             "LOC")
    assert k["Чечни"] is not None and k["Чечни"] == k["Чеченской Республике"]


def test_abbreviation_linked_to_the_name_of_its_initials(parts):
    k = keys(parts, "Доклад обсудила Парламентская ассамблея Совета Европы. Позже ПАСЕ "
                    "приняла резолюцию.", "ORG")
    assert k["ПАСЕ"] is not None and k["ПАСЕ"] == k["Парламентская ассамблея Совета Европы"]


def test_unrelated_organizations_stay_apart(parts):
    k = keys(parts, "Сотрудники ФСБ и МВД провели совместную операцию.", "ORG")
    assert k["ФСБ"] is None and k["МВД"] is None


@pytest.mark.parametrize("sentence, expected", [
    pytest.param("Доклад подготовил Совет при Президенте РФ по развитию информационного "
                 "общества.", ("ORG", "Совет при Президенте РФ по развитию информационного "
                                      "общества"), id="pri-and-po-tails"),
    pytest.param("Об этом сообщило ГУ МЧС России по Санкт-Петербургу.",
                 ("ORG", "ГУ МЧС России по Санкт-Петербургу"), id="branch-by-place"),
    pytest.param("Спектакль показали в Театре им. Йозефа Бойса.",
                 ("ORG", "Театре им. Йозефа Бойса"), id="named-after-a-person"),
    pytest.param("Об этом рассказал глава отдела корпоративных серверов и сетей HP.",
                 ("ORG", "отдела корпоративных серверов и сетей HP"), id="unit-of-an-org"),
    pytest.param("Как заявила пресс-служба Кадырова, праздник прошёл спокойно.",
                 ("ORG", "пресс-служба Кадырова"), id="office-of-a-person"),
    pytest.param("Лондонская полиция начала расследование.",
                 ("ORG", "Лондонская полиция"), id="capitalised-place-adjective-authority"),
    pytest.param("Задержанного доставили в отдел Партизанского района города Минска.",
                 ("LOC", "Партизанского района города Минска"), id="district-of-a-city"),
])
def test_spans_drawn_the_factrueval_way(parts, sentence, expected):
    assert expected in {(m.type, m.text) for m in mentions(parts, sentence)}


def test_mid_sentence_place_adjective_authority_is_left_out(parts):
    found = {(m.type, m.text) for m in mentions(parts, "Материалы передали, и эстонская "
                                                       "полиция начала проверку.")}
    assert ("ORG", "эстонская полиция") not in found


def test_person_slovnet_calls_a_place_is_a_person(parts):
    text = ("Будут также играть такие сильные шахматисты, как Вишванатан Ананд (Индия), "
            "Василий Иванчук (Украина), Петер Леко (Венгрия). После длительного перерыва "
            "играет в супертурнире Гата Камский. В прошлом году Камский выиграл турнир.")
    found = {(m.type, m.text) for m in mentions(parts, text)}
    assert ("PER", "Камский") in found
    assert not any(typ == "LOC" and "Камский" in t for typ, t in found)
    assert ("PER", "Гата Камский") in found


def test_european_union_is_an_organization_even_after_v(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Он получил вид на жительство в Европейском союзе и работает в ЕС.")}
    assert ("LOC", "Европейском союзе") not in found and ("LOC", "ЕС") not in found
    assert ("ORG", "Европейском союзе") in found


def test_adjective_alone_is_not_a_place(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Потери составят миллиард фунтов. Кипрское правительство намерено их покрыть.")}
    assert ("LOC", "Кипрское") not in found


def test_abbreviation_of_a_hyphenated_name(parts):
    k = keys(parts, "Компания Hewlett-Packard представила серверы. Представитель HP "
                    "рассказал о планах.", "ORG")
    hp = [key for text, key in k.items() if "Hewlett-Packard" in text]
    assert k["HP"] is not None and k["HP"] in hp


def test_unit_is_named_by_its_whole_span_and_its_organization_stays(parts):
    ms = mentions(parts, "Об этом сказал в интервью Русской службе «Голоса Америки» лидер "
                         "меджлиса, сопредседатель московского отделения движения "
                         "«Солидарность» Михаил Вельмакин.")
    names = {(m.type, m.name) for m in ms}
    assert ("ORG", "Русской службе «Голоса Америки") in names or \
        ("ORG", "Русской службе «Голоса Америки»") in names
    assert any(m.type == "ORG" and m.name == "Голоса Америки" and m.text.startswith("Голоса")
               for m in ms)
    assert any(m.type == "ORG" and m.name.startswith("московского отделения") for m in ms)


def test_remit_tail_belongs_to_a_committee(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "США должны защищать себя перед комитетом ООН против пыток в Женеве.")}
    assert ("ORG", "комитетом ООН против пыток") in found


def test_organization_inside_a_branch_stops_before_its_tail(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Рабочая группа, включающая ГУ МЧС России по Санкт-Петербургу, была создана.")}
    assert ("ORG", "ГУ МЧС России по Санкт-Петербургу") in found
    assert ("ORG", "МЧС России") in found
    assert ("ORG", "МЧС России по Санкт-Петербургу") not in found


def test_country_in_brackets_after_a_person(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Африку представляют два арбитра: Коффи Коджа (Бенин) и Эссам Абд Эль Фатах "
               "(Египет).")}
    assert ("LOC", "Бенин") in found and ("LOC", "Египет") in found


@pytest.mark.parametrize("sentence, place", [
    ("Самолёт приземлился в столичном аэропорту «Домодедово».",
     "столичном аэропорту «Домодедово»"),
    ("Встреча пройдёт в книжном магазине «Библио-Глобус» на Лубянке.",
     "книжном магазине «Библио-Глобус»"),
])
def test_facility_one_is_in_is_a_place(parts, sentence, place):
    found = {(m.type, m.text) for m in mentions(parts, sentence)}
    assert ("LOC", place) in found
    assert not any(typ == "ORG" for typ, _ in found)


def test_facility_as_a_company_stays_an_organization(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Аэропорт «Домодедово» сообщил о росте пассажиропотока.")}
    assert not any(typ == "LOC" and "Домодедово" in t for typ, t in found)


def test_place_after_a_district_keeps_the_district_descriptor(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Он содержится в изоляторе федерального суда Южного округа Нью-Йорка.")}
    assert ("LOC", "Южного округа Нью-Йорка") in found
    assert ("LOC", "округа Нью-Йорка") not in found


def test_titled_first_name_is_a_person(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Богослужение провёл архиепископ Лонгин Клинский (РПЦ МП).")}
    assert ("PER", "Лонгин Клинский") in found
    assert not any(t == "Лонгин Клинский" and typ != "PER" for typ, t in found)


def test_capitalised_common_noun_at_a_sentence_start_is_no_person(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Виктору Буту впервые разрешили свидание с семьёй в тюрьме США\n"
               "Супруга «оружейного барона» рассчитывает, что теперь эти встречи станут "
               "регулярными.")}
    assert ("PER", "Виктору Буту") in found
    assert ("PER", "Супруга") not in found


def test_original_name_in_brackets_is_the_same_organization(parts):
    ms = mentions(parts, "Итальянцы призваны проголосовать за новый парламент. Газета «Кориера "
                         "делла Сера» (Corriere della Sera) обозначает, последние опросы.")
    gloss = [m.key for m in ms if m.type == "ORG" and m.text == "Corriere della Sera"]
    names = {m.key for m in ms if m.type == "ORG" and m.name == "Кориера делла Сера"}
    assert gloss and gloss[0] is not None and gloss[0] in names


def test_mentions_of_one_person_share_a_key(parts):
    ms = [m for m in mentions(parts, "Первым вратарём был Оливер Кан. Тренер поговорил с Каном "
                                     "в понедельник, а Людмила Гурченко пела. Похороны Людмилы "
                                     "Марковны состоятся 2 апреля.") if m.type == "PER"]
    by_text = {m.text: m.key for m in ms}
    assert by_text["Оливер Кан"] is not None and by_text.get("Каном") == by_text["Оливер Кан"]
    assert by_text["Людмилы Марковны"] == by_text["Людмила Гурченко"] != by_text["Оливер Кан"]


def test_surname_of_two_people_stays_unlinked(parts):
    ms = [m for m in mentions(parts, "Инаугурация Рамзана Кадырова прошла в Грозном. Команда "
                                     "первого президента Ахмат-Хаджи Кадырова вернулась. Клан "
                                     "Кадырова доволен.") if m.type == "PER"]
    keys_ = {m.text: m.key for m in ms}
    assert keys_["Рамзана Кадырова"] != keys_["Ахмат-Хаджи Кадырова"]
    assert keys_.get("Кадырова") is None


def test_monument_to_a_person_is_a_place(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Участники акции собрались у памятника Юрию Долгорукому на Тверской площади.")}
    assert ("LOC", "памятника Юрию Долгорукому") in found
    assert ("PER", "Юрию Долгорукому") in found


def test_capitalised_adjective_and_landscape_noun_is_a_place(parts):
    found = {(m.type, m.text) for m in mentions(
        parts, "Активисты выступают против вырубки Химкинского леса под трассу.")}
    assert ("LOC", "Химкинского леса") in found
