"""Region mentions however they are written (regions.py)."""
import pytest

from promkoop.nlp.tagging import tag_text

pytestmark = []


def codes(parts, text):
    return [m.code for m in parts.regions.find(tag_text(text, parts))]


@pytest.mark.parametrize("text, expected", [
    pytest.param("Смоленщина и Южный Урал укрепляют сотрудничество.", ["67", "74"], id="informal"),
    pytest.param("Представители с Южного Урала приехали.", ["74"], id="informal-genitive"),
    pytest.param("Делегация посетила Смоленскую область.", ["67"], id="official-accusative"),
    pytest.param("Встреча прошла в Челябинске.", ["74"], id="capital"),
    pytest.param("Челябинские специалисты готовы помочь.", ["74"], id="adjective"),
    pytest.param("Калужане предложили услуги.", ["40"], id="demonym"),
    pytest.param("Предприятия Тульской и Калужской областей.", ["71", "40"], id="coordinated"),
    pytest.param("Министерство Республики Саха (Якутия) сообщило.", ["14"], id="parenthesis"),
    pytest.param("Власти Кемеровской области — Кузбасса сообщили.", ["42"], id="dash-name"),
    pytest.param("Гости из Башкирии и Прикамья.", ["02", "59"], id="informal-oblique"),
    pytest.param("Заседание пройдёт в Тольятти.", ["63"], id="other-city"),
    pytest.param("Губернатор Василий Анохин выступил.", [], id="person-is-not-a-region"),
    pytest.param("Президент Владимир Путин выступил.", [], id="first-name-vladimir"),
    pytest.param("Казанский завод получил заказ.", ["16"], id="ambiguous-adjective-with-noun"),
    pytest.param("Поезд пришёл на Казанский вокзал.", [], id="ambiguous-adjective-alone"),
    pytest.param("В Ленобласти и СПб открыли цеха.", ["47", "78"], id="abbreviation"),
    pytest.param("Панель крепится на нижний край стола.", [], id="common-word-lowercase"),
    pytest.param("Смоленской ёлочной фабрике", ["67"], id="yo"),
    pytest.param("Завод открылся в Орле.", ["57"], id="ambiguous-capital-after-preposition"),
    pytest.param("Орёл парил над полем.", [], id="ambiguous-capital-common-word"),
    pytest.param("На вершине кургана нашли клад.", [], id="ambiguous-lowercase"),
    pytest.param("Уфимцы и тюменцы приехали на Брянщину.", ["02", "72", "32"],
                 id="demonyms-all-parses"),
])
def test_region_codes(parts, text, expected):
    assert codes(parts, text) == expected


def test_gazetteer_reads_all_tables(gazetteer):
    assert len(gazetteer.regions) == 86
    assert gazetteer.name_of("67") == "Смоленская область"
    assert any(a.alias == "Смоленщина" and a.region_code == "67" for a in gazetteer.aliases)
    assert any(c.name == "Рославль" for c in gazetteer.cities)


def test_gazetteer_names_a_missing_table(tmp_path):
    from promkoop.nlp import load_gazetteer
    with pytest.raises(FileNotFoundError, match="regions.csv"):
        load_gazetteer(tmp_path)


def test_a_city_named_like_an_adjective_needs_to_be_the_place_itself(parts):
    assert codes(parts, "Барак Обама принимает в Белом доме французского президента.") == []
