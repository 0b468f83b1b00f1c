"""News API: ingest with facts in the answer, listing and reading articles, the review queue,
refusals (401/403/422) that store nothing."""
import json

import pytest

from promkoop.cooperation.models import Need
from promkoop.news.models import Article, Fact, FactType, LinkStatus

from factories import ROSLAVL

pytestmark = pytest.mark.django_db

ARTICLES = "/api/news/articles"


def _post(client, url, payload):
    return client.post(url, json.dumps(payload, ensure_ascii=False).encode(), content_type="application/json")


def test_officer_posts_an_article_and_gets_its_facts(client, officer_smolensk, seed_text, roslavl):
    client.force_login(officer_smolensk)
    response = _post(client, ARTICLES, {"text": seed_text, "published_at": "2025-11-15"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Смоленщина и Южный Урал укрепляют промышленное сотрудничество"
    facts = {(f["type"], f["name"]): f for f in body["facts"]}
    plant = facts[("organization", ROSLAVL)]
    assert (plant["link_status"], plant["organization"]) == ("linked_auto", roslavl.pk)
    assert body["text"][plant["span_start"]:plant["span_end"]] == ROSLAVL
    assert {f["region"] for f in body["facts"] if f["type"] == "region"} == {"67", "74"}
    assert body["needs"][0]["organization"] == roslavl.pk and body["needs"][0]["climate_version"] == "ХЛ"
    assert {e["type"] for e in body["events"]} >= {"delegation_visit", "meeting"}
    assert body["counts"]["facts"] == len(body["facts"])


def test_posting_the_same_article_again_answers_200_with_the_same_article(client, admin_user, seed_text):
    client.force_login(admin_user)
    first = _post(client, ARTICLES, {"text": seed_text})
    again = _post(client, ARTICLES, {"text": seed_text})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Article.objects.count() == 1


def test_ingest_needs_a_signed_in_officer(client, guest_user, seed_text):
    assert _post(client, ARTICLES, {"text": seed_text}).status_code == 401
    client.force_login(guest_user)
    assert _post(client, ARTICLES, {"text": seed_text}).status_code == 403
    assert Article.objects.count() == 0


@pytest.mark.parametrize("payload, loc, code", [
    pytest.param({"text": ""}, ["body", "text"], "empty", id="empty"),
    pytest.param({"text": "Cooperation between Smolensk and Chelyabinsk regions keeps growing every year."},
                 ["body", "text"], "not_russian", id="english"),
    pytest.param({"text": "Смоленщина " * 150_000}, ["body", "text"], "too_large", id="too-large"),
])
def test_bad_article_answers_422_naming_the_field(client, admin_user, payload, loc, code):
    client.force_login(admin_user)
    response = _post(client, ARTICLES, payload)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert (detail["loc"], detail["type"]) == (loc, code)
    assert detail["msg"]
    assert Article.objects.count() == 0 and Fact.objects.count() == 0


def test_bad_published_at_answers_422(client, admin_user, seed_text):
    client.force_login(admin_user)
    response = _post(client, ARTICLES, {"text": seed_text, "published_at": "15.11.2025"})
    assert response.status_code == 422
    assert Article.objects.count() == 0


def test_articles_are_listed_and_read_by_anyone(client, ingest_seed):
    article = ingest_seed()
    listing = client.get(ARTICLES)
    assert listing.status_code == 200
    assert [a["id"] for a in listing.json()["items"]] == [article.pk]
    detail = client.get(f"{ARTICLES}/{article.pk}")
    assert detail.status_code == 200 and detail.json()["author"] == "Мария Образцова"
    assert client.get(f"{ARTICLES}/999").status_code == 404


def test_review_queue_is_for_officers(client, guest_user, officer_chelyabinsk, ingest_seed):
    ingest_seed()
    assert client.get("/api/news/review").status_code == 401
    client.force_login(guest_user)
    assert client.get("/api/news/review").status_code == 403
    client.force_login(officer_chelyabinsk)
    response = client.get("/api/news/review")
    assert response.status_code == 200
    items = response.json()["items"]
    assert all(i["link_status"] == "needs_review" for i in items)
    assert {"organization", "person"} >= {i["type"] for i in items}
    assert ROSLAVL in {i["name"] for i in items}


def test_review_action_through_the_api(client, officer_smolensk, ingest_seed):
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    client.force_login(officer_smolensk)
    response = _post(client, f"/api/news/review/{fact.pk}", {"action": "create"})
    assert response.status_code == 200, response.content
    assert response.json()["link_status"] == "created"
    again = _post(client, f"/api/news/review/{fact.pk}", {"action": "reject"})
    assert again.status_code == 422
    assert again.json()["detail"][0]["type"] == "already_reviewed"
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.CREATED


def test_unknown_review_action_answers_422(client, admin_user, ingest_seed):
    fact = ingest_seed().facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    client.force_login(admin_user)
    response = _post(client, f"/api/news/review/{fact.pk}", {"action": "delete"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "action"]


def test_openapi_document_lists_news_paths(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ["/api/news/articles", "/api/news/articles/{article_id}", "/api/news/review",
                 "/api/news/review/{fact_id}", "/api/news/drafts/{kind}/{draft_id}"]:
        assert path in paths, path


def test_officer_confirms_a_need_draft_through_the_api(client, officer_smolensk, guest_user, ingest_seed,
                                                       roslavl):
    need = ingest_seed().extractedneeds.get()
    url = f"/api/news/drafts/need/{need.pk}"
    client.force_login(guest_user)
    assert _post(client, url, {"action": "confirm"}).status_code == 403
    client.force_login(officer_smolensk)
    response = _post(client, url, {"action": "confirm"})
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    created = Need.objects.get(organization=roslavl)
    assert (response.json()["posting"], response.json()["posting_url"]) == (created.pk, created.get_absolute_url())
    again = _post(client, url, {"action": "reject"})
    assert again.status_code == 422 and again.json()["detail"][0]["type"] == "draft_done"
    assert _post(client, url, {"action": "delete"}).status_code == 422
    need.refresh_from_db()
    assert need.status == "confirmed"
