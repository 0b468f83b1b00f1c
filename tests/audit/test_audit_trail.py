"""The audit trail: every write records who, when, what changed (old → new) and from where —
page, API, import, news, demo — and an organization's history (its capabilities and people
included, deleted ones too) is shown to those who may edit it, on a page and in the API."""
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from promkoop.audit.context import Channel, acting
from promkoop.audit.models import AuditEntry
from promkoop.registry import services
from factories import make_member, make_roslavl

pytestmark = pytest.mark.django_db


def entries(obj):
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    return list(AuditEntry.objects.filter(model=label, object_id=str(obj.pk)).order_by("id"))


def test_a_service_write_records_the_old_and_new_value_and_nothing_for_a_no_change(reference_data, admin_user):
    with acting(admin_user, Channel.IMPORT):
        org = make_roslavl(description="Тормозные системы")
        services.update_organization(org, description="Тормозные системы для подвижного состава")
        services.update_organization(org, description="Тормозные системы для подвижного состава")

    created, updated = entries(org)
    assert (created.action, created.actor, created.channel) == ("create", admin_user, "import")
    assert created.changes["inn"] == [None, org.inn] and "search_text" not in created.changes
    assert updated.action == "update" and updated.changes == {
        "description": ["Тормозные системы", "Тормозные системы для подвижного состава"]}


def test_a_write_through_a_page_and_through_the_api_is_attributed_to_the_user_and_the_door(
        reference_data, officer_smolensk):
    org = make_roslavl()
    client = Client()
    client.force_login(officer_smolensk)

    response = client.patch(f"/api/organizations/{org.pk}", {"website": "https://rts.example.ru"},
                            content_type="application/json")
    assert response.status_code == 200
    page = client.post(reverse("registry:capability_create", args=[org.pk]),
                       {"name": "Тормозные камеры", "kind": "product", "okpd2": "22.19.73.110"})
    assert page.status_code == 302, page.context["form"].errors if page.context else page

    api_entry = entries(org)[-1]
    assert (api_entry.actor, api_entry.channel, api_entry.changes["website"][1]) == (
        officer_smolensk, "api", "https://rts.example.ru")
    cap = org.capabilities.get(name="Тормозные камеры")
    cap_entry = entries(cap)[0]
    assert (cap_entry.actor, cap_entry.channel, cap_entry.scope) == (
        officer_smolensk, "page", f"registry.organization:{org.pk}")


def test_many_to_many_changes_and_deletions_are_recorded(reference_data):
    org = make_roslavl()
    services.update_organization(org, okved_extra=["22.19"])
    cap = services.create_capability(org, name="Диафрагмы", kind="product")
    cap_pk = cap.pk
    services.delete_capability(cap)

    assert entries(org)[-1].changes == {"okved_extra": [None, ["22.19"]]}
    assert list(AuditEntry.objects.filter(model="registry.capability", object_id=str(cap_pk))
                .order_by("id").values_list("action", flat=True)) == ["create", "delete"]


def test_news_ingest_and_the_demo_are_named_as_the_door(reference_data, officer_smolensk):
    from factories import SEED_ARTICLE
    from promkoop.news.ingest import ingest_article

    article = ingest_article(SEED_ARTICLE.read_bytes(), acting_user=officer_smolensk)
    fact = article.facts.first()
    assert entries(fact)[0].channel == "news" and entries(fact)[0].actor == officer_smolensk

    call_command("demo", size=5, verbosity=0)
    demo_channels = set(AuditEntry.objects.filter(model="registry.organization").values_list("channel", flat=True))
    assert "demo" in demo_channels


def test_the_history_page_and_api_are_for_those_who_may_edit(reference_data, officer_smolensk, officer_chelyabinsk,
                                                             guest_user):
    org = make_roslavl()
    with acting(officer_smolensk, Channel.PAGE):
        services.update_organization(org, description="Новое описание <script>x</script>")
        cap = services.create_capability(org, name="Старая продукция", kind="product")
        services.delete_capability(cap)
    member = make_member("rts-member", org)
    url = reverse("registry:organization_history", args=[org.pk])

    for user in (officer_smolensk, member):
        client = Client()
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Новое описание &lt;script&gt;" in html and "Старая продукция" in html and "officer67" in html
        body = client.get(f"/api/organizations/{org.pk}/history").json()
        assert body["count"] >= 4 and body["items"][0]["action"] == "delete"
    for user in (officer_chelyabinsk, guest_user):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(f"/api/organizations/{org.pk}/history").status_code == 403
    # Anonymous callers are asked to sign in: 401 in the API, the login page for the page.
    assert Client().get(f"/api/organizations/{org.pk}/history").status_code == 401
    assert Client().get(url)["Location"].startswith(reverse("web:login"))
