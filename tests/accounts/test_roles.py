"""Roles: what `role_of` says for each kind of user, and the officers group kept in
step explicitly — by `assign_role` and by the admin's user page, not by saving a profile."""
import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse

from promkoop.accounts.models import Role, UserProfile
from promkoop.accounts.roles import OFFICERS_GROUP, role_of

pytestmark = pytest.mark.django_db


def test_role_of_each_kind_of_user(admin_user, officer_smolensk, guest_user):
    assert role_of(None) is Role.GUEST
    assert role_of(AnonymousUser()) is Role.GUEST
    assert role_of(User.objects.create_user(username="no_profile")) is Role.GUEST
    assert role_of(admin_user) is Role.ADMIN
    assert role_of(officer_smolensk) is Role.OFFICER
    assert role_of(guest_user) is Role.GUEST


def test_saving_a_profile_changes_no_group():
    user = User.objects.create_user(username="plain_save")
    UserProfile.objects.create(user=user, role=Role.OFFICER, region_id="67")
    assert not user.groups.filter(name=OFFICERS_GROUP).exists()


def _admin_post(response, **profile) -> dict:
    """The user change page's form data as shown, with the profile inline's fields replaced."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms.extend(inline.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or name == "password":
                continue
            if isinstance(value, (list, tuple)) or hasattr(value, "all"):
                data[form.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = getattr(value, "pk", value)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "10:00:00"
    inline_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    data.update({inline_form.add_prefix(k): v for k, v in profile.items()})
    return data


def test_admin_user_page_keeps_officers_group_in_step(client, admin_user, guest_user):
    client.force_login(admin_user)
    page = reverse("admin:auth_user_change", args=[guest_user.pk])

    response = client.post(page, _admin_post(client.get(page), role=Role.OFFICER, region="67"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert UserProfile.objects.get(user=guest_user).role == Role.OFFICER
    assert guest_user.groups.filter(name=OFFICERS_GROUP).exists()

    response = client.post(page, _admin_post(client.get(page), role=Role.GUEST, region=""))
    assert response.status_code == 302
    assert UserProfile.objects.get(user=guest_user).role == Role.GUEST
    assert not guest_user.groups.filter(name=OFFICERS_GROUP).exists()
