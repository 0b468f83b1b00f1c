"""Review actions check the region of what they create or link, and candidates go through the same
visibility rule as everything else (issue: non-public organizations leaked through news)."""
import json

import pytest
from django.core.exceptions import ValidationError

from promkoop.news.models import Fact, FactType, LinkStatus
from promkoop.news.review import perform_review
from promkoop.registry import services as registry_services
from promkoop.registry.models import Organization, Person

from factories import ROSLAVL

pytestmark = pytest.mark.django_db


def _fact(article, kind, name) -> Fact:
    return article.facts.get(type=kind, name=name)


@pytest.fixture
def hidden_twin(db) -> Organization:
    """A non-public СмолМаш in Tula region: only admins and Tula officers see it."""
    return registry_services.create_organization(name="СмолМаш", region_id="71", is_public=False)


def test_hidden_candidate_is_not_in_the_article_api_for_anyone_who_may_not_see_it(client, ingest_seed,
                                                                                 hidden_twin, admin_user):
    article = ingest_seed()
    fact = _fact(article, FactType.ORGANIZATION, "СмолМаш")
    assert [c["id"] for c in fact.candidates] == [hidden_twin.pk], "stored for those who may see it"

    anonymous = client.get(f"/api/news/articles/{article.pk}").content.decode()
    assert str(hidden_twin.pk) not in json.dumps([f["candidates"] for f in json.loads(anonymous)["facts"]])
    assert "Тульская" not in anonymous

    client.force_login(admin_user)
    facts = client.get(f"/api/news/articles/{article.pk}").json()["facts"]
    assert [c["id"] for f in facts if f["id"] == fact.pk for c in f["candidates"]] == [hidden_twin.pk]


def test_review_page_does_not_offer_another_regions_hidden_organization(client, ingest_seed, hidden_twin,
                                                                         officer_smolensk):
    ingest_seed()
    client.force_login(officer_smolensk)
    page = client.get("/news/review/").content.decode()
    assert f'value="{hidden_twin.pk}"' not in page


def test_officer_cannot_create_a_person_in_another_region(ingest_seed, officer_chelyabinsk):
    fact = _fact(ingest_seed(), FactType.PERSON, "Пётр Илюхин")  # deputy governor of Smolensk region
    before = Person.objects.count()
    with pytest.raises(ValidationError) as exc:
        perform_review(officer_chelyabinsk, fact, "create")
    assert exc.value.error_dict["region"][0].code == "forbidden_region"
    assert Person.objects.count() == before
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.NEEDS_REVIEW


def test_officer_of_the_region_creates_the_person(ingest_seed, officer_smolensk):
    fact = _fact(ingest_seed(), FactType.PERSON, "Пётр Илюхин")
    perform_review(officer_smolensk, fact, "create")
    assert fact.person.region_id == "67"


def test_officer_cannot_merge_a_mention_into_another_regions_organization(ingest_seed, roslavl,
                                                                          officer_chelyabinsk):
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "СмолМаш")
    smolensk_org = registry_services.create_organization(name="Смоленский завод", region_id="67")
    with pytest.raises(ValidationError) as exc:
        perform_review(officer_chelyabinsk, fact, "merge", smolensk_org)
    assert exc.value.error_dict["target"][0].code == "forbidden_region"
    fact.refresh_from_db()
    assert fact.organization is None


def test_review_api_refuses_a_cross_region_merge_with_422(client, ingest_seed, officer_chelyabinsk):
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "СмолМаш")
    smolensk_org = registry_services.create_organization(name="Смоленский завод", region_id="67")
    client.force_login(officer_chelyabinsk)
    answer = client.post(f"/api/news/review/{fact.pk}", {"action": "merge", "target": smolensk_org.pk},
                         content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["type"] == "forbidden_region"


def test_officer_links_a_mention_to_an_organization_of_their_region(ingest_seed, officer_chelyabinsk):
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "СмолМаш")
    own = registry_services.create_organization(name="Челябинский СмолМаш", region_id="74")
    perform_review(officer_chelyabinsk, fact, "merge", own)
    fact.refresh_from_db()
    assert fact.organization == own


def test_officer_cannot_unlink_another_regions_organization_by_rejecting(ingest_seed, roslavl, officer_chelyabinsk,
                                                                          officer_smolensk):
    """Rejecting removes the link (and the organization from the article's events and drafts): the
    same right as linking. Found by the permission matrix (tests/web/test_permission_matrix.py)."""
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, ROSLAVL)
    fact.organization, fact.link_status = roslavl, LinkStatus.LINKED_AUTO
    fact.save()
    with pytest.raises(ValidationError) as exc:
        perform_review(officer_chelyabinsk, fact, "reject")
    assert exc.value.error_dict["target"][0].code == "forbidden_region"
    fact.refresh_from_db()
    assert (fact.organization, fact.link_status) == (roslavl, LinkStatus.LINKED_AUTO)

    perform_review(officer_smolensk, fact, "reject")
    fact.refresh_from_db()
    assert (fact.organization, fact.link_status) == (None, LinkStatus.REJECTED)


def test_any_officer_rejects_a_mention_linked_to_nothing(ingest_seed, officer_chelyabinsk):
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "СмолМаш")
    assert fact.organization is None
    perform_review(officer_chelyabinsk, fact, "reject")
    assert fact.link_status == LinkStatus.REJECTED
