"""News pages: who may ingest and review, the article page's highlights and fact panel,
review actions through the client, the region-pair timeline, the organization page's articles."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from promkoop.news.models import Article, DraftStatus, Fact, FactType, LinkStatus
from promkoop.registry.models import Organization

from factories import ROSLAVL, SEED_ARTICLE as SEED_TXT

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# ---------- ingest page ----------

def test_ingest_page_sends_anonymous_users_to_login(client):
    response = client.get(reverse("news:ingest"))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("role_fixture", ["guest_user"])
def test_ingest_page_is_forbidden_to_guests(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("news:ingest")).status_code == 403
    assert client.post(reverse("news:ingest"), {"text": "Смоленщина"}).status_code == 403
    assert Article.objects.count() == 0


def test_ingest_page_is_forbidden_to_enterprise_members(client, roslavl):
    from django.contrib.auth.models import User

    from promkoop.accounts.models import Role
    from promkoop.accounts.roles import assign_role

    member = User.objects.create_user(username="member-rts", password="pw")
    assign_role(member, Role.MEMBER, organization=roslavl)
    client.force_login(member)
    assert client.get(reverse("news:ingest")).status_code == 403


def test_officer_pastes_an_article_and_lands_on_its_page(client, officer_smolensk, seed_text):
    client.force_login(officer_smolensk)
    assert client.get(reverse("news:ingest")).status_code == 200
    response = client.post(reverse("news:ingest"), {"text": seed_text, "source": "https://example.ru/a"},
                           follow=True)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert article.ingested_by == officer_smolensk and article.source == "https://example.ru/a"
    assert "Статья загружена" in _text(response)


def test_a_very_long_article_is_read_up_to_the_limit_and_the_officer_is_told_what_was_cut(
        client, officer_smolensk, seed_text):
    from promkoop.nlp.extract import EXTRACT_MAX_CHARS

    body = seed_text.split("\n", 1)[1]
    long_text = seed_text + ("\n" + body) * (EXTRACT_MAX_CHARS // len(body) + 2)
    assert len(long_text) > EXTRACT_MAX_CHARS
    client.force_login(officer_smolensk)
    response = client.post(reverse("news:ingest"), {"text": long_text}, follow=True)
    article = Article.objects.get()
    assert len(article.text) > EXTRACT_MAX_CHARS >= article.read_chars > len(seed_text)
    assert article.text.endswith(body.rstrip()[-200:])  # stored whole, only the reading is bounded
    assert "Статья длинная: факты извлечены из первых" in _text(response)
    page = _text(client.get(article.get_absolute_url()))
    assert f"из первых {article.read_chars} знаков из {len(article.text)}" in page
    assert article.facts.filter(name__contains="Рославльские тормозные системы").exists()


def test_an_article_within_the_limit_has_no_cut_notice(client, officer_smolensk, seed_text):
    client.force_login(officer_smolensk)
    client.post(reverse("news:ingest"), {"text": seed_text})
    article = Article.objects.get()
    assert article.read_chars is None
    assert "read-limit" not in client.get(article.get_absolute_url()).content.decode()


def test_admin_uploads_a_file_with_a_publication_date(client, admin_user, seed_bytes):
    client.force_login(admin_user)
    upload = SimpleUploadedFile(SEED_TXT.name, seed_bytes, content_type="text/plain")
    response = client.post(reverse("news:ingest"), {"file": upload, "published_at": "2025-11-15"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.source == SEED_TXT.name


@pytest.mark.parametrize("payload, message", [
    pytest.param({"text": "The delegation visited Smolensk to discuss industrial cooperation and supplies."},
                 "текст не на русском языке", id="english"),
    pytest.param({"file": ("big.txt", b"\xd0\x90" * (10 * 1024 * 1024))}, "слишком большой", id="20-MB-file"),
    pytest.param({"file": ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40)},
                 "двоичный файл", id="binary-file"),
    pytest.param({"text": ""}, "Вставьте текст статьи или загрузите файл", id="nothing"),
])
def test_ingest_page_shows_why_input_was_refused_and_stores_nothing(client, officer_smolensk, payload, message):
    client.force_login(officer_smolensk)
    data = dict(payload)
    if "file" in data:
        name, content = data["file"]
        data["file"] = SimpleUploadedFile(name, content)
    response = client.post(reverse("news:ingest"), data)
    assert response.status_code == 422
    assert message in _text(response)
    assert Article.objects.count() == 0 and Fact.objects.count() == 0


# ---------- article list and page ----------

def test_article_list_and_nav_link(client, ingest_seed):
    article = ingest_seed()
    response = client.get(reverse("news:articles"))
    page = _text(response)
    assert response.status_code == 200
    assert article.title in page and article.get_absolute_url() in page
    assert f'href="{reverse("news:articles")}"' in _text(client.get(reverse("web:home")))


def test_article_page_highlights_entities_by_type_with_a_legend(client, ingest_seed, roslavl):
    article = ingest_seed()
    page = _text(client.get(article.get_absolute_url()))
    fact = article.facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    assert f'<mark class="ent ent-organization" data-fact="{fact.pk}">{ROSLAVL}</mark>' in page
    assert re.search(r'<mark class="ent ent-region" data-fact="\d+">Смоленскую область</mark>', page)
    assert re.search(r'<mark class="ent ent-person" data-fact="\d+">Василием Анохиным</mark>', page)
    legend = page[page.index('class="legend"'):page.index('id="article-text"')]
    assert "Регион" in legend.title() or "регион" in legend
    assert "организация" in legend and "человек" in legend


def test_article_page_lists_facts_with_status_and_confidence(client, ingest_seed, roslavl):
    article = ingest_seed()
    page = _text(client.get(article.get_absolute_url()))
    panel = page[page.index('id="facts"'):]
    assert "связано автоматически" in panel and "ждёт проверки" in panel
    assert "0,90" in panel or "0.90" in panel
    assert roslavl.get_absolute_url() in panel
    assert "резинотехнические изделия" in page and "ХЛ — холодный климат" in page


def test_article_page_of_a_missing_article_is_404(client, db):
    assert client.get(reverse("news:article", args=[999])).status_code == 404


# ---------- review queue ----------

def test_review_queue_is_for_officers_and_admins(client, guest_user, officer_chelyabinsk, ingest_seed):
    ingest_seed()
    client.force_login(guest_user)
    assert client.get(reverse("news:review")).status_code == 403
    client.force_login(officer_chelyabinsk)
    response = client.get(reverse("news:review"))
    assert response.status_code == 200
    assert ROSLAVL in _text(response) and "резинотехнические изделия" in _text(response)


def test_guest_cannot_post_review_actions(client, guest_user, ingest_seed):
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    client.force_login(guest_user)
    response = client.post(reverse("news:review_action", args=[fact.pk, "create"]))
    assert response.status_code == 403
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.NEEDS_REVIEW


def test_review_actions_need_a_csrf_token(officer_smolensk, ingest_seed):
    from django.test import Client

    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_smolensk)
    assert client.post(reverse("news:review_action", args=[fact.pk, "reject"])).status_code == 403
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.NEEDS_REVIEW


def test_officer_creates_an_organization_from_the_queue(client, officer_smolensk, ingest_seed):
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    client.force_login(officer_smolensk)
    response = client.post(reverse("news:review_action", args=[fact.pk, "create"]), follow=True)
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.CREATED
    assert fact.organization.name == ROSLAVL
    assert "создана новая запись" in _text(response)
    assert f'id="review-{fact.pk}"' not in _text(response)


def test_officer_of_another_region_cannot_create_there(client, officer_chelyabinsk, ingest_seed):
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    client.force_login(officer_chelyabinsk)
    before = Organization.objects.count()
    response = client.post(reverse("news:review_action", args=[fact.pk, "create"]), follow=True)
    assert "Вы не можете добавлять организации в регион 67" in _text(response)
    assert Organization.objects.count() == before
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.NEEDS_REVIEW


def test_officer_accepts_a_candidate(client, officer_smolensk, ingest_seed, roslavl):
    from promkoop.registry import services as registry_services

    twin = registry_services.create_organization(name=ROSLAVL, legal_form="ООО", region_id="67")
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    client.force_login(officer_smolensk)
    page = _text(client.get(reverse("news:review")))
    assert f'name="target" value="{twin.pk}"' in page
    client.post(reverse("news:review_action", args=[fact.pk, "accept"]), {"target": twin.pk})
    fact.refresh_from_db()
    assert (fact.link_status, fact.organization) == (LinkStatus.ACCEPTED, twin)


def test_officer_searches_and_merges(client, officer_smolensk, ingest_seed):
    from promkoop.registry import services as registry_services

    plant = registry_services.create_organization(name="Ремонтный завод № 720 средств обеспечения полётов",
                                                  region_id="67")
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name__startswith="720")
    client.force_login(officer_smolensk)
    fragment = _text(client.get(reverse("news:review_search", args=[fact.pk]), {"q": "завод 720"},
                                HTTP_HX_REQUEST="true"))
    assert f'value="{plant.pk}"' in fragment and plant.name in fragment
    client.post(reverse("news:review_action", args=[fact.pk, "merge"]), {"target": plant.pk})
    fact.refresh_from_db()
    assert (fact.link_status, fact.organization) == (LinkStatus.MERGED, plant)


def test_person_search_ignores_case_and_yo(client, officer_smolensk, ingest_seed):
    from promkoop.registry import services as registry_services

    person = registry_services.create_person(full_name="Илюхин Пётр Сергеевич", region_id="67")
    fact = ingest_seed().facts.get(type=FactType.PERSON, name="Василий Анохин")
    client.force_login(officer_smolensk)
    for q in ("илюхин", "ПЕТР"):
        fragment = _text(client.get(reverse("news:review_search", args=[fact.pk]), {"q": q}))
        assert f'value="{person.pk}"' in fragment, q
    assert "Ничего не найдено" in _text(client.get(reverse("news:review_search", args=[fact.pk]), {"q": "Текслер"}))


def test_merge_without_a_choice_is_refused_with_a_message(client, officer_smolensk, ingest_seed):
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name="Алди")
    client.force_login(officer_smolensk)
    response = client.post(reverse("news:review_action", args=[fact.pk, "merge"]), follow=True)
    assert "Выберите запись реестра" in _text(response)
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.NEEDS_REVIEW


def test_officer_rejects_a_fact(client, admin_user, ingest_seed):
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name="Бахус")
    client.force_login(admin_user)
    client.post(reverse("news:review_action", args=[fact.pk, "reject"]))
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.REJECTED


def test_officer_confirms_a_need_draft(client, officer_smolensk, ingest_seed, roslavl):
    need = ingest_seed().extractedneeds.get()
    client.force_login(officer_smolensk)
    response = client.post(reverse("news:draft_action", args=["need", need.pk, "confirm"]))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == DraftStatus.CONFIRMED


# ---------- timeline ----------

def test_timeline_of_smolensk_and_chelyabinsk_goes_from_2024_meeting_to_2025_visit(client, ingest_seed):
    ingest_seed()
    response = client.get(reverse("news:timeline"), {"a": "67", "b": "74"})
    page = _text(response)
    assert response.status_code == 200
    timeline = page[page.index('id="timeline"'):]
    meeting, visit = timeline.index("15.11.2024"), timeline.index("15.11.2025")
    assert meeting < visit
    assert "встреча" in timeline[meeting:visit] and "визит делегации" in timeline[visit:]
    assert [e.date.year for e in response.context["events"]][:2] == [2024, 2025]


def test_timeline_with_an_unknown_region_says_so(client, db):
    response = client.get(reverse("news:timeline"), {"a": "67", "b": "xx"})
    assert response.status_code == 400
    assert "Выберите два региона из списка" in _text(response)


# ---------- organization page ----------

def test_organization_page_lists_the_articles_that_mention_it(client, ingest_seed, roslavl, smolmash):
    article = ingest_seed()
    page = _text(client.get(roslavl.get_absolute_url()))
    assert 'id="news-articles"' in page and article.get_absolute_url() in page and article.title in page


def test_organization_page_without_mentions_has_no_news_section(client, roslavl):
    page = _text(client.get(roslavl.get_absolute_url()))
    assert 'id="news-articles"' not in page


def test_ingest_banner_counts_drafts_as_work_to_review_and_the_drafts_lead_the_page(client, officer_smolensk,
                                                                                  seed_text, roslavl):
    """Issue 12: «на проверку 0» while two drafts waited at the bottom of the page."""
    client.force_login(officer_smolensk)
    response = client.post(reverse("news:ingest"), {"text": seed_text}, follow=True)
    article = Article.objects.get()
    drafts = (article.extractedneeds.filter(status=DraftStatus.DRAFT).count()
              + article.extractedoffers.filter(status=DraftStatus.DRAFT).count())
    facts = article.facts.filter(link_status=LinkStatus.NEEDS_REVIEW).count()
    assert drafts >= 2
    page = _text(response)
    assert (f"на проверку {facts + drafts} (связи {facts}, черновики потребностей и предложений {drafts})"
            in page)
    assert f"Черновики на проверке: {drafts}" in page
    # the drafts come before the article's text
    assert 0 < page.index('id="drafts"') < page.index('id="article-text"')
    listed = _text(client.get(reverse("news:articles")))
    assert re.search(rf"{re.escape(article.title)}.*?<td>\d+</td>\s*<td>{facts + drafts}</td>", listed, re.S)


def test_review_queue_preselects_no_uncertain_candidate_and_shows_the_confirm_disabled(client, officer_smolensk,
                                                                                       ingest_seed):
    from promkoop.registry import services as registry_services

    elsewhere = registry_services.create_organization(name="СмолМаш", region_id="74")
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name="СмолМаш")
    assert fact.candidates[0]["id"] == elsewhere.pk and fact.review_reason == "other_region"
    client.force_login(officer_smolensk)
    page = _text(client.get(reverse("news:review")))
    item = page[page.index(f'id="review-{fact.pk}"'):]
    item = item[:item.index("</section>")]
    radio = re.search(rf'<input type="radio" name="target" value="{elsewhere.pk}"[^>]*>', item).group(0)
    assert "checked" not in radio and "required" in radio
    assert "Челябинская область" in item, "the candidate's region by name, not by code"
    assert re.search(r'<button class="primary" disabled aria-disabled="true">Подтвердить связь</button>', item)
    # nothing chosen, nothing linked: the server refuses the accept without a target as before
    client.post(reverse("news:review_action", args=[fact.pk, "accept"]))
    fact.refresh_from_db()
    assert fact.organization is None
