"""Who may read and write through the registry API: anonymous and guest users read public data
only, officers write in their own region, members in their own organization, admins everywhere;
a non-public organization is invisible (404, absent from lists) to those who may not edit it;
session writes need the CSRF token."""
import pytest
from django.test import Client

from promkoop.registry import services
from promkoop.registry.models import Capability, Organization
from factories import make_inn, make_member

API = "/api"



def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client, url, data):
    return client.post(API + url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(API + url, data, content_type="application/json")


def row_counts() -> tuple[int, int]:
    return Organization.objects.count(), Capability.objects.count()


@pytest.fixture
def orgs(db):
    """A public and a non-public organization in Smolensk (67), a public one in Chelyabinsk (74),
    each with one capability."""
    brakes = services.create_organization(name="АО «Рославльские тормозные системы»", inn=make_inn("672500001"),
                                          region_id="67")
    hidden = services.create_organization(name="ООО «Смоленский закрытый цех»", region_id="67", is_public=False)
    ural = services.create_organization(name="ООО «Уральские РТИ»", inn=make_inn("744700001"), region_id="74")
    caps = {key: services.create_capability(org, name=f"Изделие {key}", okpd2_id="22.19.73")
            for key, org in {"brakes": brakes, "hidden": hidden, "ural": ural}.items()}
    return {"brakes": brakes, "hidden": hidden, "ural": ural, "caps": caps}


@pytest.fixture
def member_of_brakes(orgs):
    return make_member("member-brakes", orgs["brakes"])


@pytest.fixture
def member_of_hidden(orgs):
    return make_member("member-hidden", orgs["hidden"])


# ------------------------------------------------------------------- reading


@pytest.mark.parametrize("who", ["anonymous", "guest", "officer74"])
def test_non_public_organization_is_invisible_to_those_who_may_not_edit_it(
        orgs, who, guest_user, officer_chelyabinsk):
    user = {"anonymous": None, "guest": guest_user, "officer74": officer_chelyabinsk}[who]
    client = client_for(user)
    hidden, hidden_cap = orgs["hidden"], orgs["caps"]["hidden"]

    listed = {o["id"] for o in client.get(f"{API}/organizations?limit=500").json()["items"]}
    listed_caps = {c["id"] for c in client.get(f"{API}/capabilities?limit=500").json()["items"]}

    assert hidden.pk not in listed and orgs["brakes"].pk in listed
    assert hidden_cap.pk not in listed_caps and orgs["caps"]["brakes"].pk in listed_caps
    assert client.get(f"{API}/organizations/{hidden.pk}").status_code == 404
    assert client.get(f"{API}/organizations/{hidden.pk}/capabilities").status_code == 404
    assert client.get(f"{API}/capabilities/{hidden_cap.pk}").status_code == 404
    assert client.get(f"{API}/capabilities?organization={hidden.pk}").json()["count"] == 0
    assert client.get(f"{API}/organizations?is_public=false").json()["count"] == 0


@pytest.mark.parametrize("who", ["officer67", "admin", "member"])
def test_non_public_organization_is_visible_to_those_who_may_edit_it(
        orgs, who, officer_smolensk, admin_user, member_of_hidden):
    user = {"officer67": officer_smolensk, "admin": admin_user, "member": member_of_hidden}[who]
    client = client_for(user)
    hidden = orgs["hidden"]

    listed = client.get(f"{API}/organizations?is_public=false").json()

    assert [o["id"] for o in listed["items"]] == [hidden.pk]
    assert client.get(f"{API}/organizations/{hidden.pk}").json()["is_public"] is False
    assert client.get(f"{API}/organizations/{hidden.pk}/capabilities").json()["count"] == 1
    assert client.get(f"{API}/capabilities/{orgs['caps']['hidden'].pk}").status_code == 200


def test_guest_reads_public_data(orgs, guest_user):
    for client in (client_for(None), client_for(guest_user)):
        assert client.get(f"{API}/organizations").json()["count"] == 2
        assert client.get(f"{API}/organizations/{orgs['ural'].pk}").status_code == 200
        assert client.get(f"{API}/organizations/{orgs['ural'].pk}/capabilities").json()["count"] == 1
        assert client.get(f"{API}/regions/67").status_code == 200
        assert client.get(f"{API}/classifiers/okpd2/22.19.73").status_code == 200


# ------------------------------------------------------------------- writing


def _write_attempts(orgs):
    """Every kind of write, aimed at the public Smolensk organization."""
    org, cap = orgs["brakes"], orgs["caps"]["brakes"]
    return [
        ("post", "/organizations", {"name": "ООО «Новое»", "region": "67"}),
        ("patch", f"/organizations/{org.pk}", {"name": "Переименовано"}),
        ("post", f"/organizations/{org.pk}/capabilities", {"name": "Новая возможность"}),
        ("patch", f"/capabilities/{cap.pk}", {"name": "Переименовано"}),
        ("delete", f"/capabilities/{cap.pk}", None),
    ]


def _send(client, method, url, data):
    if method == "delete":
        return client.delete(API + url)
    return getattr(client, method)(API + url, data, content_type="application/json")


@pytest.mark.parametrize("enforce_csrf", [False, True], ids=["csrf-not-checked", "csrf-checked"])
def test_anonymous_writes_are_401_and_change_nothing(orgs, enforce_csrf):
    client = Client(enforce_csrf_checks=enforce_csrf)
    before = row_counts()

    statuses = [_send(client, *attempt).status_code for attempt in _write_attempts(orgs)]

    assert statuses == [401] * 5
    assert row_counts() == before
    assert Organization.objects.get(pk=orgs["brakes"].pk).name == "АО «Рославльские тормозные системы»"


def test_guest_user_writes_are_403_and_change_nothing(orgs, guest_user):
    client = client_for(guest_user)
    before = row_counts()

    statuses = [_send(client, *attempt).status_code for attempt in _write_attempts(orgs)]

    assert statuses == [403] * 5
    assert row_counts() == before


def test_officer_edits_own_region_only(orgs, officer_smolensk):
    client = client_for(officer_smolensk)

    own = patch(client, f"/organizations/{orgs['brakes'].pk}", {"phone": "+7 48134 0-00-00"})
    other = patch(client, f"/organizations/{orgs['ural'].pk}", {"phone": "+7 351 000-00-00"})

    assert own.status_code == 200
    assert other.status_code == 403
    assert Organization.objects.get(pk=orgs["ural"].pk).phone == ""


def test_officer_creates_in_own_region_only(db, officer_smolensk):
    client = client_for(officer_smolensk)
    before = Organization.objects.count()

    own = post(client, "/organizations", {"name": "ООО «Смоленский литейный завод»", "region": "67"})
    other = post(client, "/organizations", {"name": "ООО «Челябинский литейный завод»", "region": "74"})

    assert own.status_code == 201
    assert other.status_code == 403
    assert Organization.objects.count() == before + 1
    assert not Organization.objects.filter(region_id="74", name__contains="литейный").exists()


def test_officer_cannot_move_an_organization_out_of_own_region(orgs, officer_smolensk):
    client = client_for(officer_smolensk)

    response = patch(client, f"/organizations/{orgs['brakes'].pk}", {"region": "74", "city": None})

    assert response.status_code == 403
    assert Organization.objects.get(pk=orgs["brakes"].pk).region_id == "67"


def test_officer_writes_capabilities_in_own_region_only(orgs, officer_smolensk):
    client = client_for(officer_smolensk)

    own = post(client, f"/organizations/{orgs['brakes'].pk}/capabilities", {"name": "Колодки"})
    other = post(client, f"/organizations/{orgs['ural'].pk}/capabilities", {"name": "Колодки"})
    other_patch = patch(client, f"/capabilities/{orgs['caps']['ural'].pk}", {"name": "Чужое"})
    other_delete = client.delete(f"{API}/capabilities/{orgs['caps']['ural'].pk}")

    assert own.status_code == 201
    assert (other.status_code, other_patch.status_code, other_delete.status_code) == (403, 403, 403)
    assert orgs["ural"].capabilities.count() == 1
    assert Capability.objects.get(pk=orgs["caps"]["ural"].pk).name == "Изделие ural"


def test_officer_of_another_region_gets_404_not_403_for_a_non_public_organization(orgs, officer_chelyabinsk):
    """A refusal must not reveal that the hidden organization exists."""
    client = client_for(officer_chelyabinsk)

    response = patch(client, f"/organizations/{orgs['hidden'].pk}", {"name": "Взлом"})
    cap_response = client.delete(f"{API}/capabilities/{orgs['caps']['hidden'].pk}")

    assert (response.status_code, cap_response.status_code) == (404, 404)
    assert Capability.objects.filter(pk=orgs["caps"]["hidden"].pk).exists()


def test_member_edits_own_organization_only(orgs, member_of_brakes):
    client = client_for(member_of_brakes)

    own = patch(client, f"/organizations/{orgs['brakes'].pk}", {"description": "Тормозные системы"})
    own_cap = post(client, f"/organizations/{orgs['brakes'].pk}/capabilities", {"name": "Колодки"})
    neighbour = patch(client, f"/organizations/{orgs['hidden'].pk}", {"description": "Чужое"})
    other = patch(client, f"/organizations/{orgs['ural'].pk}", {"description": "Чужое"})
    create = post(client, "/organizations", {"name": "ООО «Дочка»", "region": "67"})

    assert (own.status_code, own_cap.status_code) == (200, 201)
    assert (neighbour.status_code, other.status_code, create.status_code) == (404, 403, 403)
    assert Organization.objects.get(pk=orgs["ural"].pk).description == ""


def test_member_cannot_move_own_organization_to_another_region(orgs, member_of_brakes):
    response = patch(client_for(member_of_brakes), f"/organizations/{orgs['brakes'].pk}", {"region": "74"})

    assert response.status_code == 403


def test_admin_writes_everywhere(orgs, admin_user):
    client = client_for(admin_user)

    created = post(client, "/organizations", {"name": "ООО «Новое»", "region": "74"})
    edited_hidden = patch(client, f"/organizations/{orgs['hidden'].pk}", {"is_public": True})
    moved = patch(client, f"/organizations/{orgs['ural'].pk}", {"region": "67"})
    deleted = client.delete(f"{API}/capabilities/{orgs['caps']['ural'].pk}")

    assert (created.status_code, edited_hidden.status_code, moved.status_code, deleted.status_code) == (
        201, 200, 200, 204)
    assert Organization.objects.get(pk=orgs["hidden"].pk).is_public is True
    assert client_for(None).get(f"{API}/organizations/{orgs['hidden'].pk}").status_code == 200


# ---------------------------------------------------------------------- CSRF

CSRF_SECRET = "k" * 32


def test_session_write_without_csrf_token_is_refused(orgs, officer_smolensk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_smolensk)
    before = row_counts()

    responses = [_send(client, *attempt) for attempt in _write_attempts(orgs)]

    assert [r.status_code for r in responses] == [403] * 5
    assert all(r.json()["detail"][0]["type"] == "csrf" for r in responses)
    assert row_counts() == before
    assert Organization.objects.get(pk=orgs["brakes"].pk).name == "АО «Рославльские тормозные системы»"


def test_session_write_with_csrf_token_is_accepted(orgs, officer_smolensk):
    client = Client(enforce_csrf_checks=True, headers={"X-CSRFToken": CSRF_SECRET})
    client.force_login(officer_smolensk)
    client.cookies["csrftoken"] = CSRF_SECRET

    response = patch(client, f"/organizations/{orgs['brakes'].pk}", {"phone": "+7 48134 0-00-00"})

    assert response.status_code == 200, response.content
    assert Organization.objects.get(pk=orgs["brakes"].pk).phone == "+7 48134 0-00-00"


def test_reads_need_no_csrf_token(orgs):
    client = Client(enforce_csrf_checks=True)

    assert client.get(f"{API}/organizations").status_code == 200
