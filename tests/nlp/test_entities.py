"""Organizations and persons, in the nominative, with kind, region and position."""
import pytest

from promkoop.nlp import extract

pytestmark = []


def run(parts, body: str):
    return extract("Новость о промышленной кооперации\n\n15 ноября 2025 года\n" + body, parts)


@pytest.mark.parametrize("body, expected", [
    pytest.param("Делегация посетила предприятие «СмолМаш» в Смоленской области.",
                 ("СмолМаш", "enterprise", "67"), id="quoted-enterprise"),
    pytest.param("Гости осмотрели индустриальный парк «Бахус» на Смоленщине.",
                 ("Бахус", "industrial_park", "67"), id="park"),
    pytest.param("Об этом сообщили в пресс-службе правительства Смоленской области.",
                 ("правительство Смоленской области", "authority", "67"), id="government-genitive"),
    pytest.param("Делегацию принял министр, а организовало визит министерство промышленности, "
                 "энергетики и инноваций Кировской области.",
                 ("министерство промышленности, энергетики и инноваций Кировской области",
                  "authority", "43"), id="ministry-with-comma"),
    pytest.param("Круглый стол провела Тульская торгово-промышленная палата.",
                 ("Тульская торгово-промышленная палата", "association", "71"), id="chamber"),
    pytest.param("Учёные Томского политехнического университета предложили помощь.",
                 ("Томский политехнический университет", "research", "70"), id="university"),
    pytest.param("Среди них 720 ремонтный завод средств обеспечения полётов в Смоленской области.",
                 ("720 ремонтный завод средств обеспечения полётов", "enterprise", "67"),
                 id="numbered-plant"),
    pytest.param("Договор подписало ООО «Калужский завод автоэлектроники».",
                 ("Калужский завод автоэлектроники", "enterprise", "40"), id="legal-form-dropped"),
])
def test_organization(parts, body, expected):
    orgs = [(o.name, o.kind, o.region_code) for o in run(parts, body).organizations]
    assert expected in orgs


@pytest.mark.parametrize("body", [
    pytest.param("Участники форума «Иннопром» обсудили кооперацию в Смоленской области.",
                 id="forum-name"),
    pytest.param("«Мы видим большой потенциал», — отметил министр Смоленской области.",
                 id="quotation"),
])
def test_quoted_non_organizations_are_skipped(parts, body):
    assert [o.name for o in run(parts, body).organizations] == []


def test_mentions_of_one_organization_merge(parts):
    body = ("Соглашение подписали заводы «Волгадизель» и «Автокомпоненты НН» из Ярославской "
            "области.\nПо его условиям между «Волгадизелем» и «Автокомпонентами НН» начнутся "
            "поставки.")
    names = [o.name for o in run(parts, body).organizations]
    assert names == ["Волгадизель", "Автокомпоненты НН"]


@pytest.mark.parametrize("body, expected", [
    pytest.param("Заместитель председателя правительства Смоленской области Пётр Илюхин "
                 "представил потенциал региона.",
                 ("Пётр Илюхин", "заместитель председателя правительства Смоленской области",
                  "правительство Смоленской области", "67"), id="seed-deputy"),
    pytest.param("Встреча прошла между губернатором Смоленской области Василием Анохиным и "
                 "губернатором Челябинской области Алексеем Текслером.",
                 ("Алексей Текслер", "губернатор Челябинской области", None, "74"),
                 id="instrumental-governor"),
    pytest.param("Делегацию возглавил министр промышленности Ульяновской области Андрей Ковалёв.",
                 ("Андрей Ковалёв", "министр промышленности Ульяновской области", None, "73"),
                 id="verb-before-position"),
    pytest.param("Директор индустриального парка «Отрожка» Павел Никулин рассказал о льготах "
                 "в Воронежской области.",
                 ("Павел Никулин", "директор индустриального парка Отрожка", "Отрожка", "36"),
                 id="quoted-organization-in-position"),
    pytest.param("По словам генерального директора компании Виктора Мальцева, образцы готовы.",
                 ("Виктор Мальцев", "генеральный директор компании", None, None),
                 id="adjective-before-head"),
])
def test_person(parts, body, expected):
    persons = [(p.name, p.position, p.organization, p.region_code)
               for p in run(parts, body).persons]
    assert expected in persons


def test_author_is_not_a_person(parts):
    text = ("Заголовок\n\n15 ноября 2025 года\nДелегация Челябинской области посетила "
            "Смоленскую область.\n\nМария Образцова\n\nАртём Туров поддержал детей в больницах\n")
    extraction = extract(text, parts)
    assert extraction.document.author == "Мария Образцова"
    assert extraction.persons == ()


def test_position_stops_at_a_closing_quote(parts):
    body = ("Требования: «созыв форума», «роспуск Мосгордумы», отставка подмосковного губернатора "
            "Бориса Громова.")
    persons = {p.name: p.position for p in run(parts, body).persons}
    assert persons == {"Борис Громов": "подмосковный губернатор"}
