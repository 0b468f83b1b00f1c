"""The named-entity layer (`Extraction.entities`): slovnet merged with the engine's rules,
span boundaries drawn the factRuEval-2016 way (descriptors in, quotes and glosses out)."""
import pytest

from promkoop.nlp import extract

from factories import SEED_ARTICLE

pytestmark = []


def entities(parts, sentence: str) -> set[tuple[str, str]]:
    e = extract("Заголовок\n" + sentence, parts)
    return {(m.type, m.text) for m in e.entities if m.span.start >= len("Заголовок\n")}


@pytest.mark.parametrize("sentence, expected", [
    pytest.param("Накануне глава ОАО «Газпром» Алексей Миллер предупредил правительство "
                 "Белоруссии о долгах.",
                 {("ORG", "ОАО «Газпром»"), ("PER", "Алексей Миллер"),
                  ("ORG", "правительство Белоруссии"), ("LOC", "Белоруссии")},
                 id="legal-form-quotes-and-government-of-a-place"),
    pytest.param("Об этом сообщает государственное информационное агентство БелТА.",
                 {("ORG", "государственное информационное агентство БелТА")},
                 id="organization-noun-and-adjectives-join-the-name"),
    pytest.param("Его поддержали член Палаты представителей Конгресса США и эксперты.",
                 {("ORG", "Палаты представителей Конгресса США"), ("ORG", "Конгресса США"),
                  ("LOC", "США")}, id="nested-organizations-and-place"),
    pytest.param("Отчёт передали в ФСБ и МВД, а копию направили в СМИ.",
                 {("ORG", "ФСБ"), ("ORG", "МВД")}, id="abbreviations-but-not-smi"),
    pytest.param("Компания Hewlett-Packard объявила о покупке.",
                 {("ORG", "Компания Hewlett-Packard")}, id="company-noun-at-sentence-start"),
    pytest.param("Сотрудники нашли мёртвую рыбу в реке Славянке, а мероприятие прошло в городе "
                 "Грозном и в Челябинске.",
                 {("LOC", "реке Славянке"), ("LOC", "городе Грозном"), ("LOC", "Челябинске")},
                 id="place-descriptors"),
    pytest.param("Он прилетел в столицу Калмыкии.", {("LOC", "Калмыкии")},
                 id="no-descriptor-for-a-genitive-place"),
    pytest.param("Санкции ввёл Евросоюз.", {("ORG", "Евросоюз")},
                 id="union-is-an-organization"),
    pytest.param("Юрген Клинсман (Jürgen Klinsmann) покинул клуб.",
                 {("PER", "Юрген Клинсман")}, id="person-without-its-gloss"),
    pytest.param("Данные привела организация ООН (ФАО) в Риме.",
                 {("ORG", "ООН"), ("ORG", "ФАО"), ("LOC", "Риме")}, id="split-at-brackets"),
])
def test_entity_layer(parts, sentence, expected):
    assert expected <= entities(parts, sentence)


@pytest.mark.parametrize("sentence, unexpected", [
    pytest.param("Участники акции «День гнева» собрались у мэрии.", ("ORG", "День гнева"),
                 id="quoted-event-name"),
    pytest.param("Он прочёл книгу «Происхождение видов».", ("ORG", "Происхождение видов"),
                 id="quoted-book-title"),
    pytest.param("Отчёт передали в СМИ.", ("ORG", "СМИ"), id="mass-media"),
])
def test_entity_layer_leaves_out(parts, sentence, unexpected):
    assert unexpected not in entities(parts, sentence)


def test_names_drop_descriptors_and_quotes(parts):
    e = extract("Заголовок\nНакануне глава ОАО «Газпром» посетил посёлок Металлострой.", parts)
    names = {m.text: m.name for m in e.entities}
    assert names["ОАО «Газпром»"] == "Газпром"


def test_entity_layer_reads_lines_the_schema_skips(parts):
    """The author and other articles' headlines are not in the story, but are in the text."""
    e = extract(SEED_ARTICLE.read_bytes(), parts)
    people = {m.text for m in e.entities if m.type == "PER"}
    assert {"Мария Образцова", "Артём Туров"} <= people
    assert {p.name for p in e.persons} == {"Пётр Илюхин", "Василий Анохин", "Алексей Текслер"}
    assert all(e.text[m.span.start:m.span.end] == m.text for m in e.entities)
