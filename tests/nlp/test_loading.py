"""Refusing what is not a Russian article, and decoding what is (loading.py)."""
import pytest

from promkoop.nlp import InputError, InputErrorCode
from promkoop.nlp.loading import MAX_BYTES, decode, load_article

pytestmark = []
RUSSIAN = "Делегация Челябинской области посетила Смоленскую область и провела переговоры."


@pytest.mark.parametrize("data", [
    pytest.param(RUSSIAN.encode("utf-8"), id="utf-8"),
    pytest.param(RUSSIAN.encode("utf-8-sig"), id="utf-8-bom"),
    pytest.param(RUSSIAN.encode("cp1251"), id="cp1251"),
])
def test_decode_reads_utf8_and_cp1251(data):
    assert decode(data) == RUSSIAN


@pytest.mark.parametrize("source, code", [
    pytest.param("", InputErrorCode.EMPTY, id="empty"),
    pytest.param(" \n\t\n", InputErrorCode.EMPTY, id="whitespace"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
                 InputErrorCode.BINARY, id="png"),
    pytest.param(b"x" * (MAX_BYTES + 1), InputErrorCode.TOO_LARGE, id="over-limit-bytes"),
    pytest.param("я" * (MAX_BYTES // 2 + 1), InputErrorCode.TOO_LARGE, id="over-limit-text"),
    pytest.param("The Chelyabinsk delegation visited Smolensk enterprises and discussed "
                 "supplies of rubber goods for arctic conditions.", InputErrorCode.NOT_RUSSIAN,
                 id="english"),
    pytest.param("车里雅宾斯克州代表团访问了斯摩棱斯克州的企业，讨论了北极条件下橡胶制品的供应问题。",
                 InputErrorCode.NOT_RUSSIAN, id="chinese"),
    pytest.param("<!DOCTYPE html><html><head><title>Главная</title></head><body><nav>"
                 "<a href='/'>Главная</a> <a href='/news'>Новости</a></nav></body></html>",
                 InputErrorCode.NO_ARTICLE, id="html-without-article"),
    pytest.param("12345 67890 !!!", InputErrorCode.EMPTY, id="no-words"),
])
def test_refuses_what_is_not_an_article(source, code):
    with pytest.raises(InputError) as exc:
        load_article(source)
    assert exc.value.code == code
    assert exc.value.message


def test_html_page_gives_its_article_text():
    paragraphs = "".join(f"<p>{s}</p>" for s in [
        RUSSIAN, "Стороны обсудили поставки резинотехнических изделий для арктических условий.",
        "Челябинские специалисты готовы разработать и изготовить опытные образцы.",
        "Круглый стол прошёл в правительстве Смоленской области и собрал представителей власти."])
    page = ("<!DOCTYPE html><html><head><title>Смоленщина и Южный Урал</title></head><body>"
            "<nav><a href='/'>Главная</a></nav><article><h1>Смоленщина и Южный Урал</h1>"
            + paragraphs + "</article><footer>© 2025 Все права защищены</footer></body></html>")
    article = load_article(page.encode("cp1251"))
    assert article.from_html
    assert article.title == "Смоленщина и Южный Урал"
    assert "резинотехнических" in article.text
    assert "Все права защищены" not in article.text


@pytest.mark.parametrize("source", [
    pytest.param("Заголовок\r\nДелегация Челябинской области посетила Смоленскую область.\r\n",
                 id="crlf"),
    pytest.param("Заголовок\rДелегация Челябинской области посетила Смоленскую область.\r",
                 id="cr"),
])
def test_source_offsets_map_the_read_text_back_to_the_input(source):
    article = load_article(source)
    assert "\r" not in article.text and article.source_text == source
    at = article.text.index("Челябинской")
    start = article.source_offset(at)
    stop = article.source_offset(at + len("Челябинской"))
    assert source[start:stop] == "Челябинской"
    assert article.source_offset(len(article.text)) == len(source)
