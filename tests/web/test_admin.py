"""Django admin for regional officers: the officers group gives the doors, the
registry admin shows and changes only the officer's own region."""
import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.urls import reverse

from promkoop.registry.inn import inn_check_digits
from promkoop.registry.models import Capability, Organization
from promkoop.accounts.models import Role
from promkoop.accounts.roles import OFFICERS_GROUP, assign_role

pytestmark = pytest.mark.django_db


def _names(response) -> set[str]:
    return {str(obj) for obj in response.context["cl"].result_list}


def test_officer_profile_puts_user_in_officers_group(officer_smolensk):
    group = Group.objects.get(name=OFFICERS_GROUP)
    assert officer_smolensk.groups.filter(pk=group.pk).exists()
    assert officer_smolensk.has_perm("registry.change_organization")
    assert officer_smolensk.has_perm("registry.delete_capability")
    assert not officer_smolensk.has_perm("registry.delete_organization")
    assert not officer_smolensk.has_perm("auth.change_user")


def test_assign_role_moves_user_in_and_out_of_officers_group():
    user = User.objects.create_user(username="ivanova", password="pw-ivanova")
    assign_role(user, Role.OFFICER, region="74")
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name=OFFICERS_GROUP).exists()
    assert user.profile.region_id == "74"

    assign_role(user, Role.GUEST)
    user = User.objects.get(pk=user.pk)  # permissions are cached on the instance
    assert not user.is_staff and not user.groups.filter(name=OFFICERS_GROUP).exists()
    assert not user.has_perm("registry.change_organization")


def test_assign_role_refuses_officer_without_region():
    user = User.objects.create_user(username="norегион", password="pw-x")
    with pytest.raises(ValidationError) as exc:
        assign_role(user, Role.OFFICER)
    assert "region" in exc.value.error_dict
    assert not user.groups.exists()


def test_officer_sees_only_his_region_in_admin(client, roslavl, rti_maker, closed_smolensk, officer_smolensk):
    client.force_login(officer_smolensk)
    orgs = client.get(reverse("admin:registry_organization_changelist"))
    assert orgs.status_code == 200
    assert _names(orgs) == {"РТС", "Смоленский закрытый приборный завод"}
    caps = client.get(reverse("admin:registry_capability_changelist"))
    assert _names(caps) == {"Пневматические тормозные аппараты", "Секретные датчики давления"}
    people = client.get(reverse("admin:registry_person_changelist"))
    assert _names(people) == {"Иванов Иван Иванович"}


def test_officer_cannot_open_or_change_other_region_in_admin(client, roslavl, rti_maker, officer_smolensk):
    client.force_login(officer_smolensk)
    change = reverse("admin:registry_organization_change", args=[rti_maker.pk])
    response = client.get(change)
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    response = client.post(change, {"name": "Захвачено"})
    assert response.status_code == 302
    rti_maker.refresh_from_db()
    assert rti_maker.name == "Челябинский завод резинотехнических изделий"

    cap = rti_maker.capabilities.get()
    assert client.get(reverse("admin:registry_capability_change", args=[cap.pk])).status_code == 302
    assert client.post(reverse("admin:registry_capability_delete", args=[cap.pk]), {"post": "yes"}).status_code == 302
    assert Capability.objects.filter(pk=cap.pk).exists()

    own = client.get(reverse("admin:registry_organization_change", args=[roslavl.pk]))
    assert own.status_code == 200


def _admin_org_post(**overrides) -> dict:
    body = "672900005"
    data = {"kind": "enterprise", "name": "Новый смоленский завод", "short_name": "", "legal_form": "",
            "inn": body + inn_check_digits(body), "ogrn": "", "region": "67", "city": "", "address": "",
            "lat": "", "lon": "", "okved_main": "", "okved_extra": "", "description": "", "website": "",
            "email": "", "phone": "", "is_public": "on", "source": "manual", "source_ref": "",
            "park_area_ha": "", "park_free_sites": "", "residents": "",
            "capabilities-TOTAL_FORMS": "0", "capabilities-INITIAL_FORMS": "0",
            "capabilities-MIN_NUM_FORMS": "0", "capabilities-MAX_NUM_FORMS": "1000"}
    data.update(overrides)
    return data


def test_officer_region_choice_in_admin_is_his_region_only(client, officer_smolensk):
    client.force_login(officer_smolensk)
    add = reverse("admin:registry_organization_add")
    form = client.get(add).context["adminform"].form
    assert list(form.fields["region"].queryset.values_list("code", flat=True)) == ["67"]

    before = Organization.objects.count()
    response = client.post(add, _admin_org_post(region="74"))
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert Organization.objects.count() == before

    response = client.post(add, _admin_org_post())
    assert response.status_code == 302
    assert Organization.objects.get(name="Новый смоленский завод").region_id == "67"


def test_officer_list_has_no_region_filter(client, officer_smolensk, admin_user):
    client.force_login(officer_smolensk)
    page = client.get(reverse("admin:registry_organization_changelist")).content.decode()
    assert "region__code__exact" not in page
    client.force_login(admin_user)
    page = client.get(reverse("admin:registry_organization_changelist")).content.decode()
    assert "region__code__exact" in page


def test_superuser_sees_every_region_in_admin(client, roslavl, rti_maker, closed_smolensk, admin_user):
    client.force_login(admin_user)
    orgs = client.get(reverse("admin:registry_organization_changelist"))
    assert _names(orgs) == {"РТС", "ЧЗРТИ", "Смоленский закрытый приборный завод"}
    assert client.get(reverse("admin:registry_organization_change", args=[rti_maker.pk])).status_code == 200


def test_guest_is_not_let_into_admin(client, guest_user):
    client.force_login(guest_user)
    response = client.get(reverse("admin:registry_organization_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]
