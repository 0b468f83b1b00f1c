"""`promkoop demo` in the database: the founding story played through the services, a
synthetic registry, and the rule that the demo adds and refreshes only its own records —
it never deletes or overwrites what people made."""
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from factories import SEED_ARTICLE
from promkoop.cooperation import services as cooperation_services
from promkoop.cooperation.models import CooperationKind, Need, Offer, Provenance, Status, Visibility
from promkoop.demo import seed_article
from promkoop.demo.load import DemoDataError, load_demo
from promkoop.demo.records import is_demo
from promkoop.demo.story import posting_catalogue
from promkoop.news.ingest import ingest_article
from promkoop.news.models import Article, DraftStatus, ExtractedNeed, ExtractedOffer, Fact
from promkoop.registry.inn import is_valid_inn
from promkoop.registry.models import Capability, City, Okpd2, Organization, Person, Source, fold
from promkoop.registry.services import (create_capability, create_organization, update_capability,
                                        update_organization)
from promkoop.accounts.models import Role

SIZE = 200
pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    orgs = list(Organization.objects.order_by("pk").values_list("inn", "name", "description", "source", "updated_at"))
    caps = list(Capability.objects.order_by("pk").values_list("organization_id", "name", "okpd2_id", "updated_at"))
    people = sorted(Person.objects.values_list("pk", "full_name", "organization_id"))
    needs = sorted(Need.objects.values_list("pk", "title", "status", "visibility", "updated_at"))
    offers = sorted(Offer.objects.values_list("pk", "title", "status", "visibility", "updated_at"))
    facts = list(Fact.objects.order_by("pk").values_list("pk", "link_status", "organization_id"))
    return {"orgs": orgs, "caps": caps, "people": people, "needs": needs, "offers": offers, "facts": facts,
            "articles": Article.objects.count()}


# ---------------------------------------------------------------------- the founding story
def test_the_article_is_ingested_and_its_need_and_offer_are_published():
    stats = load_demo(SIZE, 2025)
    article = Article.objects.get()
    assert article.text == SEED_ARTICLE.read_text(encoding="utf-8").strip() or article.title.startswith("Смоленщина")
    assert stats.story.article_id == article.pk and is_demo(article)
    assert {f.organization.name for f in Fact.objects.filter(article=article).exclude(organization=None)} >= {
        seed_article.ROSLAVL_BRAKES, "СмолМаш", "Алди"}
    need = Need.objects.get(pk=stats.story.seed_need_id)
    assert need.organization.name == seed_article.ROSLAVL_BRAKES and need.status == Status.PUBLISHED
    assert need.source == Provenance.NEWS and (need.climate_version, need.temp_min_c) == ("ХЛ", -60)
    assert ExtractedNeed.objects.get(article=article).status == DraftStatus.CONFIRMED
    offer = Offer.objects.get(pk=stats.story.seed_offer_id)
    assert offer.organization.region_id == "74" and offer.kind == CooperationKind.PROTOTYPE
    assert offer.organization.capabilities.filter(okpd2__code__startswith="22.19", prototypes_to_spec=True,
                                                  climate_version__in=["ХЛ", "УХЛ"]).exists()
    assert ExtractedOffer.objects.get(article=article).status == DraftStatus.CONFIRMED


def test_other_needs_and_offers_are_posted_across_regions_and_industries_some_private():
    load_demo(600, 2025)  # a registry large enough to hold a maker of every posting's trade
    catalogue = posting_catalogue()
    assert len(catalogue["needs"]) >= 20 and len(catalogue["offers"]) >= 20
    for model in (Need, Offer):
        demo = model.objects.filter(source=Provenance.DEMO)
        assert demo.count() >= 20
        assert demo.values("organization__region").distinct().count() >= 15
        assert demo.values("okpd2__code").distinct().count() >= 15
        assert demo.filter(visibility=Visibility.PRIVATE).exists()
        assert all(p.search_text and p.published_at for p in demo)  # written by the services
        assert all(is_demo(p) for p in demo)


def test_seed_article_organizations_are_demo_records_without_invented_facts():
    call_command("demo", size=SIZE, stdout=StringIO())
    for item in seed_article.ORGANIZATIONS:
        org = Organization.objects.get(name=item.name, region_id="67")
        assert org.kind == item.kind and org.inn == "" and org.ogrn == ""
        assert org.source == Source.DEMO and is_demo(org)
        assert seed_article.ARTICLE_TITLE in org.source_ref and "/" not in org.source_ref
        assert [c.name for c in org.capabilities.order_by("id")] == [c.name for c in item.capabilities]
    assert Organization.objects.get(name=seed_article.ROSLAVL_BRAKES).city.name == "Рославль"
    ilyukhin = Person.objects.get(full_name="Пётр Илюхин")
    assert ilyukhin.organization.name == seed_article.GOVERNMENT and ilyukhin.region_id == "67"
    assert Person.objects.get(full_name="Василий Анохин").organization is None


def test_an_article_a_person_pasted_before_is_used_not_taken_over(officer_smolensk):
    mine = ingest_article(SEED_ARTICLE.read_bytes(), source="моя вставка", acting_user=officer_smolensk)
    load_demo(SIZE, 2025)
    assert Article.objects.get() == mine and not is_demo(mine)
    assert Article.objects.get().source == "моя вставка"


# ------------------------------------------------------------------------ the registry part
def test_loaded_registry_matches_size_and_is_searchable():
    stats = load_demo(SIZE, 2025)
    assert stats.registry.created == SIZE
    assert stats.organizations == SIZE + len(seed_article.ORGANIZATIONS)
    assert Capability.objects.filter(source=Source.DEMO).count() == stats.capabilities > 3 * SIZE
    assert all(o.search_text for o in Organization.objects.filter(source=Source.DEMO))
    assert Capability.objects.filter(source=Source.DEMO, search_text__contains=fold("ХЛ")).exists()
    used = set(Capability.objects.filter(source=Source.DEMO).exclude(okpd2=None).values_list("okpd2_id", flat=True))
    assert used and used == set(Okpd2.objects.filter(code__in=used).values_list("code", flat=True))
    assert all(is_valid_inn(inn) for inn in Organization.objects.filter(source=Source.DEMO).exclude(inn="")
               .values_list("inn", flat=True))


def test_loaded_records_pass_model_validation():
    load_demo(60, 4)
    for org in Organization.objects.filter(source=Source.DEMO):
        org.full_clean()
        for cap in org.capabilities.all():
            cap.full_clean()
    for person in Person.objects.filter(source=Source.DEMO):
        person.full_clean()


def test_chelyabinsk_arctic_rti_prototype_makers_are_in_the_database():
    load_demo(SIZE, 2025)
    makers = Organization.objects.filter(
        region_id="74", source=Source.DEMO, capabilities__okpd2__code__startswith="22.19",
        capabilities__climate_version__in=["ХЛ", "УХЛ"], capabilities__temp_min_c__lte=-60,
        capabilities__prototypes_to_spec=True).distinct()
    assert makers.count() >= 2
    park = Organization.objects.filter(kind="industrial_park", region_id="74", source=Source.DEMO,
                                       residents__in=makers).distinct().get()
    assert park.park_area_ha and park.park_free_sites is not None


# ---------------------------------------------------------------- idempotent, never destructive
def test_second_run_changes_nothing():
    load_demo(SIZE, 2025)
    before = _snapshot()
    stats = load_demo(SIZE, 2025)
    assert (stats.registry.created, stats.registry.updated, stats.registry.unchanged) == (0, 0, SIZE)
    assert stats.story.created == [] and stats.story.refreshed == [] and stats.story.kept == []
    assert _snapshot() == before


def test_a_smaller_or_other_set_deletes_nothing_and_a_larger_one_extends():
    real = create_organization(name="АО «Настоящий завод»", region_id="74", inn="7707083893")
    cap = create_capability(real, name="Кольца уплотнительные", okpd2_id="22.19.73.111", temp_min_c=-60)
    real_state = (real.name, real.description, real.updated_at, cap.updated_at)
    load_demo(SIZE, 2025)
    first = set(Organization.objects.filter(source=Source.DEMO).values_list("inn", flat=True))
    smaller = load_demo(120, 2025)
    assert (smaller.registry.kept_not_in_set, smaller.registry.unchanged) == (SIZE - 120, 120)
    larger = load_demo(SIZE + 30, 2025)
    assert (larger.registry.created, larger.registry.unchanged) == (30, SIZE)
    other_seed = load_demo(50, 7)
    assert other_seed.registry.created == 50
    assert first < set(Organization.objects.filter(source=Source.DEMO).values_list("inn", flat=True))
    real.refresh_from_db()
    cap.refresh_from_db()
    assert (real.name, real.description, real.updated_at, cap.updated_at) == real_state


def test_needs_people_posted_on_demo_organizations_survive_any_rerun(officer_chelyabinsk):
    load_demo(SIZE, 2025)
    maker = Organization.objects.filter(source=Source.DEMO, region_id="74").exclude(inn="").order_by("inn").last()
    mine = cooperation_services.create_need(maker, acting_user=officer_chelyabinsk, publish=True,
                                            title="Наша потребность в уплотнениях",
                                            description="Кольца уплотнительные для гидроцилиндров, 5000 шт.")
    load_demo(10, 2025)
    load_demo(30, 99)
    assert Need.objects.filter(pk=mine.pk, title="Наша потребность в уплотнениях").exists()
    assert Organization.objects.filter(pk=maker.pk).exists()


def test_a_persons_edits_to_demo_records_are_never_written_over():
    load_demo(SIZE, 2025)
    org = Organization.objects.filter(source=Source.DEMO).exclude(inn="").order_by("inn").first()
    update_organization(org, description="Описание, исправленное сотрудником региона.")
    cap = (Capability.objects.filter(source=Source.DEMO).exclude(organization=org).exclude(organization__inn="")
           .order_by("pk").first())
    update_capability(cap, temp_min_c=-70)
    need = Need.objects.filter(source=Provenance.DEMO).order_by("pk").first()
    cooperation_services.update_need(need, visibility=Visibility.PRIVATE)
    smolmash = Organization.objects.get(name="СмолМаш")
    update_organization(smolmash, description="СмолМаш: своё описание.", website="https://smolmash.example")
    stats = load_demo(SIZE, 2025)
    org.refresh_from_db(), cap.refresh_from_db(), need.refresh_from_db(), smolmash.refresh_from_db()
    assert org.description == "Описание, исправленное сотрудником региона."
    assert cap.temp_min_c == -70
    assert need.visibility == Visibility.PRIVATE
    assert (smolmash.description, smolmash.website) == ("СмолМаш: своё описание.", "https://smolmash.example")
    assert stats.registry.kept_changed_by_others == 2
    assert {"organization:СмолМаш", "need:seed" if need.source == Provenance.NEWS else f"need:{need_key(need)}"} \
        <= set(stats.story.kept)


def need_key(need: Need) -> str:
    return next(spec["key"] for spec in posting_catalogue()["needs"] if spec["title"] == need.title)


def test_a_demo_need_a_person_deleted_is_not_brought_back():
    load_demo(SIZE, 2025)
    need = Need.objects.filter(source=Provenance.DEMO).order_by("pk").first()
    title = need.title
    Need.objects.filter(pk=need.pk).delete()  # as an admin would, in the admin
    load_demo(SIZE, 2025)
    assert not Need.objects.filter(title=title).exists()


def test_article_organization_already_in_registry_is_used_not_duplicated():
    create_organization(name="АО «Бахус»", region_id="67", kind="industrial_park")
    create_organization(name="ООО «СМОЛМАШ»", region_id="67", inn="6731000014")
    load_demo(0, 2025)
    assert Organization.objects.filter(region_id="67", search_text__contains="бахус").count() == 1
    smolmash = Organization.objects.get(region_id="67", search_text__contains="смолмаш")
    assert smolmash.source == Source.MANUAL and not is_demo(smolmash)


def test_generated_inn_held_by_a_real_organization_is_skipped():
    load_demo(30, 2025)
    taken = Organization.objects.filter(source=Source.DEMO).exclude(inn="").order_by("inn")[5]
    inn = taken.inn
    Organization.objects.filter(pk=taken.pk).update(inn="")  # as if it had never been loaded
    real = create_organization(name="ООО «Реальная фирма»", region_id=taken.region_id, inn=inn)
    stats = load_demo(30, 2025)
    assert stats.registry.skipped_inn_taken == 1
    real.refresh_from_db()
    assert real.source == Source.MANUAL and real.name == "ООО «Реальная фирма»"
    assert not real.capabilities.exists()


def test_without_reference_cities_nothing_is_written():
    City.objects.all().delete()
    with pytest.raises(DemoDataError, match="load-reference"):
        load_demo(10, 2025)
    assert not Organization.objects.exists() and not Article.objects.exists()


def test_size_out_of_range_is_refused_by_the_command():
    with pytest.raises(CommandError, match="--size"):
        call_command("demo", size=-5)
    assert not Organization.objects.exists()


# ---------------------------------------------------------------------------- demo accounts
def test_demo_users_get_roles_and_the_password_from_environment(monkeypatch, capsys):
    monkeypatch.setenv("PROMKOOP_DEMO_PASSWORD", "из-окружения-42")
    call_command("demo", size=0, users=True)
    out = capsys.readouterr().out
    assert "из-окружения-42" not in out
    expected = {"admin": (Role.ADMIN, None), "officer-smolensk": (Role.OFFICER, "67"),
                "officer-chelyabinsk": (Role.OFFICER, "74"), "member-rts": (Role.MEMBER, None)}
    for username, (role, region) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("из-окружения-42")
        assert (user.profile.role, user.profile.region_id) == (role, region)
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="member-rts").profile.organization.name == seed_article.ROSLAVL_BRAKES


def test_demo_users_without_environment_get_a_random_password_printed_once(monkeypatch, capsys):
    monkeypatch.delenv("PROMKOOP_DEMO_PASSWORD", raising=False)
    call_command("demo", size=0, users=True)
    first = capsys.readouterr().out
    password = re.search(r"показан один раз\): (\S+)", first).group(1)
    assert len(password) >= 12 and User.objects.get(username="officer-smolensk").check_password(password)
    call_command("demo", size=0, users=True)
    second = capsys.readouterr().out
    assert password not in second
    assert User.objects.get(username="officer-smolensk").check_password(password)


def test_a_persons_own_account_with_a_demo_name_is_left_alone(monkeypatch, capsys):
    mine = User.objects.create_user("admin", password="моё-собственное-9")
    monkeypatch.setenv("PROMKOOP_DEMO_PASSWORD", "из-окружения-42")
    call_command("demo", size=0, users=True)
    mine.refresh_from_db()
    assert mine.check_password("моё-собственное-9") and not mine.is_superuser
    assert "admin" in capsys.readouterr().out.split("созданы не демо):")[1]
    assert User.objects.get(username="officer-smolensk").check_password("из-окружения-42")


OLD_MARK = "Демо-данные. Синтетическая запись для демонстрации платформы. "


def test_rerun_over_an_old_database_drops_the_text_marks_except_where_a_person_edited():
    """Databases loaded before issue 12 hold descriptions opening with «Демо-данные.»; a re-run refreshes
    them, since the demo wrote them and nobody changed them since (bulk.py's stamps), and leaves a person's
    edit as it is, mark and all."""
    load_demo(SIZE, 2025)
    # the old texts, written as the old demo wrote them: updated_at stays the run's stamp
    for org_id, description in Organization.objects.filter(source=Source.DEMO).exclude(inn="") \
            .values_list("pk", "description"):
        Organization.objects.filter(pk=org_id).update(description=OLD_MARK + description)
    for cap_id, description in Capability.objects.filter(source=Source.DEMO).exclude(organization__inn="") \
            .values_list("pk", "description"):
        Capability.objects.filter(pk=cap_id).update(description="Демо-данные. " + description)
    edited = Organization.objects.filter(source=Source.DEMO).exclude(inn="").order_by("inn").first()
    update_organization(edited, description=OLD_MARK + "Уточнено сотрудником: выпускает и манжеты.")
    stats = load_demo(SIZE, 2025)
    assert stats.registry.kept_changed_by_others == 1
    marked = Organization.objects.filter(source=Source.DEMO, description__startswith="Демо-данные")
    assert list(marked.values_list("pk", flat=True)) == [edited.pk]
    edited.refresh_from_db()
    assert edited.description == OLD_MARK + "Уточнено сотрудником: выпускает и манжеты."
    left = Capability.objects.filter(source=Source.DEMO, description__startswith="Демо-данные")
    assert set(left.values_list("organization_id", flat=True)) <= {edited.pk}


def test_demo_organizations_carry_the_badge_and_others_do_not(client, admin_user):
    load_demo(10, 2025)
    real = create_organization(name="АО «Настоящий завод»", region_id="74", inn="7707083893")
    demo = Organization.objects.filter(source=Source.DEMO).exclude(inn="").order_by("inn").first()
    client.force_login(admin_user)
    badge = 'class="tag demo"'
    assert badge in client.get(demo.get_absolute_url()).content.decode()
    assert badge not in client.get(real.get_absolute_url()).content.decode()
    listing = client.get("/registry/organizations/", {"q": demo.name}).content.decode()
    assert badge in listing
    found = client.get("/registry/capabilities/", {"q": demo.capabilities.first().name}).content.decode()
    assert badge in found
