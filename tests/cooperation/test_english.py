"""The need page in English (issue 12, point 11): the article a need came from, the requirements' origins
and the partners' explanations are English; the only Russian left is data (names, titles, the need's own
text, classifier names, the words that matched)."""
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import translation

from factories import make_member
from promkoop.news.drafts import confirm_draft
from promkoop.news.models import Article, ExtractedNeed
from promkoop.registry.models import Region

CYRILLIC = re.compile("[А-Яа-яЁё]")
ARCTIC = "Манжеты тормозных камер для эксплуатации в арктических условиях, опытные образцы по ТЗ."


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.texts += [v.strip() for k, v in attrs if k in ("title", "aria-label", "placeholder") and v]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def _russian_left(html: str, data: list[str]) -> list[str]:
    """Text with Cyrillic letters once every piece of data is taken out of it."""
    parser = _Texts()
    parser.feed(html)
    left = []
    for text in parser.texts:
        for value in sorted(data, key=len, reverse=True):
            text = text.replace(value, "")
        if CYRILLIC.search(text):
            left.append(text)
    return left


@pytest.fixture
def english(client):
    """The English cookie; the language a request activated is not left to the next test."""
    client.cookies["django_language"] = "en"
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_news_need_page_in_english(client, english, roslavl, arctic_rti, plain_rti):
    article = Article.objects.create(title="Рославльский завод ищет партнёров", text=ARCTIC)
    draft = ExtractedNeed.objects.create(article=article, organization=roslavl, subject="манжеты тормозных камер",
                                         requirements=["арктических условиях", "опытные образцы по ТЗ"],
                                         temp_min_c=-60, climate_version="ХЛ", text=ARCTIC)
    need = confirm_draft(draft, acting_user=None).need
    assert need.source_ref.startswith("статья №")  # stored in the article's language
    client.force_login(make_member("owner", roslavl))
    html = client.get(need.get_absolute_url()).content.decode()

    assert f'<a href="/news/articles/{article.pk}/">article no. {article.pk} “{article.title}”</a>' in html
    assert "assumed: «арктических условиях»" in html and "статья №" not in html
    assert "Climate version: required ХЛ" in html  # a partner's explanation
    partners = [arctic_rti, plain_rti]
    data = [need.title, *need.description.splitlines(), article.title, "Русский",  # the switch names its language
            roslavl.display_name, roslavl.region.name,
            "арктических условиях", "опытные образцы", "по ТЗ", "ХЛ", "У", "П",
            *[o.display_name for o in partners], *[o.name for o in partners],
            *[c.name for o in partners for c in o.capabilities.all()]]
    data += [t for t in re.findall(r"Matched words: ([^<]*)", html)]
    data += list(Region.objects.values_list("name", flat=True))  # the partner filter's regions: names are data
    data += [o.city.name for o in partners if o.city]
    assert _russian_left(html, data) == []
