"""Start pages by role (issue 12): login leads there; an officer's "my region" lists what waits —
responses, drafts from news, other regions' needs the region's companies match, new postings of and
for the region; a member's "my company" lists its needs with partners and responses, and the
opportunities. Only what the user may see."""
import pytest
from django.urls import reverse

from factories import SEED_ARTICLE, make_member, make_user, run_worker
from promkoop.accounts.models import Role
from promkoop.cooperation import services
from promkoop.cooperation.models import MatchProposal
from promkoop.news.ingest import ingest_article

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _section(page: str, id_: str) -> str:
    start = page.index(f'id="{id_}"')
    return page[start:page.index("</section>", start)]


@pytest.fixture
def officer74(db):
    return make_user("officer74", Role.OFFICER, region_id="74")


@pytest.fixture
def officer67(db):
    return make_user("officer67", Role.OFFICER, region_id="67")


@pytest.fixture
def published(roslavl, arctic_rti, plain_rti, need_values, django_capture_on_commit_callbacks):
    """The plant's published need, with the background job run: partners proposed across the registry."""
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, publish=True, **need_values)
    run_worker()
    return need


def test_login_leads_to_the_start_page_unless_asked_elsewhere(client, officer74):
    for next_url in ("", "/"):
        answer = client.post(reverse("web:login") + (f"?next={next_url}" if next_url else ""),
                             {"username": "officer74", "password": "pw-officer74"})
        assert answer.status_code == 302 and answer.url == reverse("start:start")
        client.logout()
    answer = client.post(reverse("web:login") + "?next=/news/", {"username": "officer74",
                                                                "password": "pw-officer74"})
    assert answer.url == "/news/"


def test_the_start_page_is_in_the_menu_named_by_role(client, officer74, rti_member):
    client.force_login(officer74)
    assert f'href="{reverse("start:start")}"' in _text(client.get(reverse("web:home")))
    assert "Мой регион" in _text(client.get(reverse("web:home")))
    client.force_login(rti_member)
    assert "Моя компания" in _text(client.get(reverse("web:home")))
    client.logout()
    assert f'href="{reverse("start:start")}"' not in _text(client.get(reverse("web:home")))


def test_officer_sees_other_regions_needs_that_the_regions_companies_match(client, officer74, published,
                                                                            arctic_rti):
    client.force_login(officer74)
    page = _text(client.get(reverse("start:start")))
    assert "Мой регион: Челябинская область" in page
    matches = _section(page, "matches")
    assert published.title in matches and arctic_rti.display_name in matches
    assert "Уральский завод РТИ" not in matches, "a company of another region is not the officer's"


def test_officer_of_the_needs_region_sees_the_need_responses_and_drafts(client, officer67, published, arctic_rti,
                                                                       roslavl):
    services.respond_to_need(published, arctic_rti, text="Изготовим манжеты ХЛ")
    ingest_article(SEED_ARTICLE.read_bytes(), source=SEED_ARTICLE.name)
    client.force_login(officer67)
    page = _text(client.get(reverse("start:start")))
    assert published.title in _section(page, "responses") and arctic_rti.display_name in _section(page, "responses")
    assert published.title in _section(page, "region-postings")
    assert published.title not in _section(page, "matches"), "the region's own need is not an opportunity"
    drafts = _section(page, "drafts")
    assert "draft-need-" in drafts, "the seed article's need draft waits for the Smolensk officer"


def test_a_private_need_stays_off_other_users_start_pages(client, officer74, rti_member, roslavl, arctic_rti,
                                                          roslavl_member, need_values):
    need = services.create_need(roslavl, publish=True, visibility="private", **need_values)
    MatchProposal.objects.create(need=need, organization=arctic_rti, need_region_id="67", partner_region_id="74",
                                 score=1.0, rank=1, proposed_at=need.published_at)
    client.force_login(officer74)
    assert need.title not in _text(client.get(reverse("start:start")))
    client.force_login(rti_member)
    assert need.title not in _text(client.get(reverse("start:start")))
    client.force_login(roslavl_member)
    assert need.title in _section(_text(client.get(reverse("start:start"))), "my-needs")


def test_member_sees_the_companys_needs_with_partners_and_responses(client, roslavl_member, published,
                                                                     arctic_rti):
    services.respond_to_need(published, arctic_rti, text="Изготовим манжеты ХЛ")
    client.force_login(roslavl_member)
    page = _text(client.get(reverse("start:start")))
    assert "Моя компания" in page
    row = _section(page, "my-needs")
    partners = MatchProposal.objects.filter(need=published).count()
    assert partners >= 2 and f">{partners}</a> <span class=\"tag good\">+{partners}</span>" in row
    assert '>1</a> <span class="tag good">+1</span>' in row, "one response, new"
    assert arctic_rti.display_name in _section(page, "responses")


def test_member_of_a_maker_sees_the_opportunities(client, rti_member, published):
    client.force_login(rti_member)
    opportunities = _section(_text(client.get(reverse("start:start"))), "opportunities")
    assert published.title in opportunities and "Смоленская область" in opportunities


def test_roles_without_a_start_page(client, admin_user, guest_user, officer74, published):
    assert client.get(reverse("start:start")).status_code == 302  # to the login
    client.force_login(guest_user)
    assert client.get(reverse("start:start")).url == reverse("web:home")
    client.force_login(admin_user)
    assert "— выберите —" in _text(client.get(reverse("start:start")))
    assert published.title in _section(_text(client.get(reverse("start:start") + "?region=74")), "matches")
    assert client.get(reverse("start:start") + "?region=xx").status_code == 404


def test_start_pages_in_english(client, officer74, rti_member, published):
    client.cookies["django_language"] = "en"
    client.force_login(officer74)
    page = _text(client.get(reverse("start:start")))
    assert "My region: " in page and "needs that suit the region" in page, page[page.find("<main"):][:1500]
    assert "Мой регион" not in page and "Отклики ждут ответа" not in page
    client.force_login(rti_member)
    page = _text(client.get(reverse("start:start")))
    assert "My company: " in page and "needs that suit the company" in page
    assert "Мои потребности" not in page
