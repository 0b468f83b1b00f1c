"""Organizations, positions and visits in the wordings of the fourth business-news round (issue 10)."""
from promkoop.nlp import extract
from promkoop.nlp.organizations import is_acronym_of


def run(parts, title: str, body: str):
    return extract(f"{title}\n\nМОСКВА, 15 ноября 2025 — {body}", parts)


def test_a_headline_plant_description_is_not_an_organization(parts):
    ex = run(parts, "Нальчикский завод выиграл конкурс",
             "ОАО «Нальчикский завод высоковольтной аппаратуры» выиграло конкурс на поставку выключателей.")
    assert [o.name for o in ex.organizations] == ["Нальчикский завод высоковольтной аппаратуры"]


def test_a_headline_short_name_joins_the_body_organization(parts):
    ex = run(parts, "Невинномысский «Азот» нарастил экспорт",
             "АО «Невинномысский Азот» в 2024 году экспортировало 1,2 млн тонн удобрений.")
    assert [o.name for o in ex.organizations] == ["Невинномысский Азот"]


def test_quotes_inside_quotes(parts):
    ex = run(parts, "Винты для танкеров", "Гребные винты изготовит АО «Центр судоремонта «Звёздочка» из Северодвинска.")
    assert "Центр судоремонта Звёздочка" in [o.name for o in ex.organizations]


def test_acronym_of_a_compound_word():
    assert is_acronym_of("РНПК", "Рязанская нефтеперерабатывающая компания")
    assert is_acronym_of("ЧТПЗ", "Челябинский трубопрокатный завод")
    assert not is_acronym_of("РНПК", "Рязанская нефтяная компания")


def test_a_generic_noun_in_a_position_names_the_opening_enterprise(parts):
    ex = run(parts, "Золотодобытчики обновят парк",
             "ОАО «Сусуманзолото» закупает 12 самосвалов, сообщил генеральный директор компании Виктор Гусев.")
    person = next(p for p in ex.persons if p.name == "Виктор Гусев")
    assert person.position == "генеральный директор Сусуманзолота"


def test_a_plant_named_before_the_visit_verb(parts):
    ex = run(parts, "Губернатор посетил завод",
             "АО «Севастопольский морской завод» освоило выпуск арматуры. В четверг предприятие посетил "
             "губернатор Севастополя Михаил Развожаев.")
    visits = [e for e in ex.events if e.type == "delegation_visit"]
    assert visits and visits[0].date == "2025-11-13" and visits[0].date_exact


def test_two_people_talking_is_a_meeting(parts):
    ex = run(parts, "Модернизация разреза",
             "Генеральный директор разреза Сергей Васильев во вторник доложил главе республики Виктору Зимину о "
             "ходе модернизации.")
    assert [(e.type, e.date, e.date_exact) for e in ex.events] == [("meeting", "2025-11-11", True)]
