"""Title, dateline, author, photo credits and other articles' headlines (segment.py)."""
import pytest

from promkoop.nlp.loading import Article
from promkoop.nlp.segment import credit_text, is_person_name_line, segment_article

pytestmark = []

ARTICLE = """Заголовок новости о кооперации

Фото: © министерство промышленности и торговли Смоленской области

Новости

Заголовок новости о кооперации

15 ноября 2025 года в 18:05
Первый абзац статьи о визите делегации.

– «СмолМаш»: производитель техники;

Фото: © пресс-служба правительства Смоленской области

Последний абзац статьи.



Мария Образцова

«Коробка храбрости» в Смоленске: Артём Туров поддержал детей в больницах
Рославльское предприятие запускает пилотный проект
"""


def test_segments_a_press_release(parts):
    s = segment_article(Article(ARTICLE), parts.morph_vocab)
    assert s.title == "Заголовок новости о кооперации"
    assert s.published_at == "2025-11-15T18:05"
    assert s.author == "Мария Образцова"
    assert s.body == ("Первый абзац статьи о визите делегации.", "«СмолМаш»: производитель техники;",
                      "Последний абзац статьи.")
    assert s.credits == ("министерство промышленности и торговли Смоленской области",
                         "пресс-служба правительства Смоленской области")


def test_without_author_headlines_after_the_body_are_dropped(parts):
    text = ("Заголовок\n\n4 июня 2025 года\nТекст статьи.\n\nНовости по теме\n"
            "Белгородские аграрии получат новую технику\n")
    s = segment_article(Article(text), parts.morph_vocab)
    assert s.author is None
    assert s.body == ("Текст статьи.",)


def test_without_dateline_the_body_starts_after_the_title(parts):
    s = segment_article(Article("Заголовок\nТекст статьи.\n"), parts.morph_vocab)
    assert (s.published_at, s.body) == (None, ("Текст статьи.",))


@pytest.mark.parametrize("line, expected", [
    pytest.param("Мария Образцова", True, id="name-surname"),
    pytest.param("Рамиль Хасанов", True, id="tatar-name"),
    pytest.param("Анна Сергеевна Мельникова", True, id="with-patronymic"),
    pytest.param("Смоленская область", False, id="region"),
    pytest.param("Новости региона", False, id="navigation"),
    pytest.param("Читайте также", False, id="read-also"),
    pytest.param("Мария Образцова поддержала проект", False, id="headline"),
])
def test_person_name_line(parts, line, expected):
    assert is_person_name_line(line, parts.morph_vocab) is expected


@pytest.mark.parametrize("line, expected", [
    pytest.param("Фото: © Тульская ТПП", "Тульская ТПП", id="colon-copyright"),
    pytest.param("Фото: Пресс-служба правительства Пермского края",
                 "Пресс-служба правительства Пермского края", id="colon"),
    pytest.param("© ТАСС", "ТАСС", id="copyright-only"),
    pytest.param("Фотография сделана на заводе", None, id="sentence"),
])
def test_credit_text(line, expected):
    assert credit_text(line) == expected
