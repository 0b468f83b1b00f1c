"""Linking rules on registry data: exact, ambiguous, similar and new names; ИНН first;
people by name with initials. Nothing short of one exact match is linked."""
import pytest

from promkoop.news.linking import LINK_THRESHOLD, link_organization, link_person, link_region, normalized
from promkoop.news.models import LinkStatus
from promkoop.registry import services as registry_services

from factories import make_inn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw, key", [
    ("АО «Рославльские тормозные системы»", "рославльские тормозные системы"),
    ("ООО \"СмолМаш\"", "смолмаш"),
    ("720 ремонтный завод средств обеспечения полётов", "720 ремонтный завод средств обеспечения полетов"),
])
def test_normalized_name_drops_quotes_legal_forms_and_case(raw, key):
    assert normalized(raw) == key


def test_region_by_code_is_always_linked():
    link = link_region("67")
    assert (link.status, link.target.pk, link.confidence) == (LinkStatus.LINKED_AUTO, "67", 1.0)
    assert link_region("00").status == LinkStatus.NEEDS_REVIEW


def test_inn_wins_over_the_name():
    org = registry_services.create_organization(name="Совсем другое название", inn=make_inn("672500009"),
                                                region_id="67")
    link = link_organization("Рославльские тормозные системы", "67", inn=org.inn)
    assert (link.status, link.target, link.confidence) == (LinkStatus.LINKED_AUTO, org, 1.0)


def test_legal_form_and_quotes_in_the_registry_name_still_match_exactly():
    org = registry_services.create_organization(name="АО «Рославльские тормозные системы»", region_id="67")
    link = link_organization("Рославльские тормозные системы", "67")
    assert (link.status, link.target) == (LinkStatus.LINKED_AUTO, org)


def test_a_name_inside_a_longer_registry_name_is_offered_for_review():
    park = registry_services.create_organization(name="Индустриальный парк «Бахус»", region_id="67",
                                                 kind="industrial_park")
    link = link_organization("Бахус", "67")
    assert (link.status, link.target, link.reason) == (LinkStatus.NEEDS_REVIEW, None, "similar")
    assert [c["id"] for c in link.candidates] == [park.pk]
    assert 0 < link.confidence < 0.9


def test_unrelated_names_are_a_new_entity():
    registry_services.create_organization(name="Смоленский авиационный завод", region_id="67")
    link = link_organization("Алди", "67")
    assert (link.status, link.reason, link.candidates) == (LinkStatus.NEEDS_REVIEW, "new_entity", [])


def test_person_with_initials_is_offered_for_review_not_linked():
    person = registry_services.create_person(full_name="Анохин В. Н.", region_id="67")
    link = link_person("Василий Анохин", "67")
    assert (link.status, link.target) == (LinkStatus.NEEDS_REVIEW, None)
    assert [c["id"] for c in link.candidates] == [person.pk]


def test_person_of_the_linked_organization_is_found_outside_the_region_filter():
    org = registry_services.create_organization(name="Правительство Смоленской области", region_id="67")
    person = registry_services.create_person(full_name="Илюхин Пётр Сергеевич", organization=org)
    link = link_person("Пётр Илюхин", None, organization=org)
    assert (link.status, link.target) == (LinkStatus.LINKED_AUTO, person)


def test_two_people_with_the_same_name_go_to_review():
    a = registry_services.create_person(full_name="Иванов Иван", region_id="67")
    b = registry_services.create_person(full_name="Иванов Иван Петрович", region_id="67")
    link = link_person("Иван Иванов", "67")
    assert (link.status, link.reason) == (LinkStatus.NEEDS_REVIEW, "ambiguous")
    assert {c["id"] for c in link.candidates} == {a.pk, b.pk}


@pytest.fixture
def elastomers(db):
    """An Ivanovo «Эластомер» and a Chelyabinsk «Эластомер-Урал» (issue 12: the Ivanovo one was offered
    pre-selected for a Chelyabinsk company, the right one not at all)."""
    ivanovo = registry_services.create_organization(name="Эластомер", legal_form="ООО", region_id="37")
    ural = registry_services.create_organization(name="Эластомер-Урал", legal_form="ООО", region_id="74")
    return ivanovo, ural


def test_candidates_of_the_mentions_region_come_first(elastomers):
    ivanovo, ural = elastomers
    link = link_organization("Эластомер", "74")
    assert (link.status, link.target, link.reason) == (LinkStatus.NEEDS_REVIEW, None, "similar")
    assert [c["id"] for c in link.candidates] == [ural.pk, ivanovo.pk]
    assert all(c["score"] < LINK_THRESHOLD for c in link.candidates), "nothing is sure enough to pre-select"


def test_the_articles_regions_rank_candidates_when_the_mention_has_none(elastomers):
    ivanovo, ural = elastomers
    link = link_organization("Эластомер", None, article_regions=["67", "74"])
    assert [c["id"] for c in link.candidates] == [ural.pk, ivanovo.pk]
    # the same name in one of the article's regions links by itself, as a named region would
    assert link_organization("Эластомер", None, article_regions=["37"]).target == ivanovo
    # an article that names no region ranks as before: the one exact name anywhere links
    assert link_organization("Эластомер").target == ivanovo


def test_a_look_alike_of_another_region_is_no_candidate():
    roslavl = registry_services.create_organization(name="Рославльские тормозные системы", region_id="67")
    for link in (link_organization("Тормозные системы", "74"),
                 link_organization("Тормозные системы", None, article_regions=["74"])):
        assert (link.reason, link.candidates) == ("new_entity", []), "the Roslavl plant is not offered in 74"
    near = link_organization("Тормозные системы", "67")
    assert [c["id"] for c in near.candidates] == [roslavl.pk] and near.reason == "similar"
