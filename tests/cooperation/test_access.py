"""Who sees which needs: the visibility matrix, and a private need absent from every door
(list page, need page, API list/get/matches, reverse matching) for outsiders, answered 404
exactly like a missing one."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from promkoop.cooperation import access, services
from promkoop.cooperation.matching import queries
from promkoop.cooperation.models import Status

from factories import make_member


@pytest.fixture
def users(roslavl, arctic_rti, officer_smolensk, officer_chelyabinsk, admin_user, guest_user):
    return {"anonymous": AnonymousUser(), "guest": guest_user, "owner": make_member("owner", roslavl),
            "supplier": make_member("supplier", arctic_rti), "officer67": officer_smolensk,
            "officer74": officer_chelyabinsk, "admin": admin_user}


@pytest.mark.parametrize(("visibility", "status", "who_sees"), [
    ("public", Status.PUBLISHED, {"anonymous", "guest", "owner", "supplier", "officer67", "officer74", "admin"}),
    ("public", Status.DRAFT, {"owner", "officer67", "admin"}),
    ("officers", Status.PUBLISHED, {"owner", "officer67", "officer74", "admin"}),
    ("private", Status.PUBLISHED, {"owner", "admin"}),
    ("private", Status.DRAFT, {"owner", "admin"}),
])
def test_visibility_matrix(roslavl, need_values, users, visibility, status, who_sees):
    need = services.create_need(roslavl, visibility=visibility, publish=status == Status.PUBLISHED, **need_values)
    seen = {name for name, user in users.items() if access.visible_needs(user).filter(pk=need.pk).exists()}
    assert seen == who_sees


def test_public_need_of_closed_profile_is_hidden_from_outsiders(closed_firm, need_values, users):
    need = services.create_need(closed_firm, publish=True, **need_values)
    assert not access.visible_needs(users["anonymous"]).filter(pk=need.pk).exists()
    assert access.visible_needs(users["officer67"]).filter(pk=need.pk).exists()


def test_get_need_for_user_gives_same_404_for_private_and_missing(roslavl, need_values, users):
    need = services.create_need(roslavl, visibility="private", publish=True, **need_values)
    for pk in (need.pk, need.pk + 1000, "abc"):
        with pytest.raises(Http404):
            access.get_need_for_user(users["supplier"], pk)
    assert access.get_need_for_user(users["owner"], need.pk) == need


def test_edit_rights(roslavl, need_values, users):
    need = services.create_need(roslavl, **need_values)
    private = services.create_need(roslavl, visibility="private", **need_values)
    can = {name for name, user in users.items() if access.can_edit_need(user, need)}
    assert can == {"owner", "officer67", "admin"}
    assert {name for name, user in users.items() if access.can_edit_need(user, private)} == {"owner", "admin"}


def test_post_rights(roslavl, users):
    assert {n for n, u in users.items() if access.can_post_for(u, roslavl)} == {"owner", "officer67", "admin"}


def test_responses_seen_by_the_need_side_and_the_responder_side_only(roslavl, arctic_rti, plain_rti, need_values,
                                                                     users):
    need = services.create_need(roslavl, publish=True, **need_values)
    services.respond_to_need(need, arctic_rti, text="Готовы")  # Chelyabinsk (74)
    services.respond_to_need(need, plain_rti, text="Тоже готовы")  # Sverdlovsk (66)
    assert access.visible_responses(users["owner"], need).count() == 2
    assert access.visible_responses(users["officer67"], need).count() == 2  # the need's region
    assert [r.organization for r in access.visible_responses(users["supplier"], need)] == [arctic_rti]
    # the Chelyabinsk officer acts for Chelyabinsk organizations: their response only
    assert [r.organization for r in access.visible_responses(users["officer74"], need)] == [arctic_rti]
    for outsider in ("anonymous", "guest"):
        assert not access.visible_responses(users[outsider], need).exists()


def test_a_response_thread_is_closed_to_outsiders(roslavl, arctic_rti, plain_rti, need_values, users):
    need = services.create_need(roslavl, publish=True, **need_values)
    response = services.respond_to_need(need, plain_rti, text="Готовы")  # Sverdlovsk (66)
    sides = {name: access.response_sides(user, response) for name, user in users.items()}
    assert sides["owner"] == {"need"} and sides["officer67"] == {"need"}
    assert sides["admin"] == {"need", "responder"}
    for outsider in ("anonymous", "guest", "supplier", "officer74"):
        assert sides[outsider] == set()
        with pytest.raises(Http404):
            access.get_response_for_user(users[outsider], response.pk)
    assert access.can_decide_response(users["owner"], response)
    assert not access.can_decide_response(users["officer74"], response)


def test_who_may_respond_for_which_organization(roslavl, arctic_rti, plain_rti, need_values, users):
    need = services.create_need(roslavl, publish=True, **need_values)
    assert list(access.responder_organizations(users["supplier"], need)) == [arctic_rti]
    assert list(access.responder_organizations(users["owner"], need)) == []
    # the Chelyabinsk officer: the organizations of region 74, never another region's
    officer74 = set(access.responder_organizations(users["officer74"], need))
    assert arctic_rti in officer74 and plain_rti not in officer74 and roslavl not in officer74
    assert all(org.region_id == "74" for org in officer74)
    # the need's region officer may not answer for the need's own organization
    assert roslavl not in set(access.responder_organizations(users["officer67"], need))
    assert access.respond_refusal(users["officer74"], need) is None
    assert "вашей организации" in access.respond_refusal(users["owner"], need)
    assert access.respond_refusal(users["guest"], need)
    assert access.respond_refusal(users["anonymous"], need)
    services.respond_to_need(need, arctic_rti, text="Готовы")
    assert arctic_rti not in set(access.responder_organizations(users["officer74"], need))
    assert "уже откликнулась" in access.respond_refusal(users["supplier"], need)
    services.close_need(need, outcome="cancelled")
    assert not access.responder_organizations(users["officer74"], need).exists()
    assert "закрыта" in access.respond_refusal(users["officer74"], need)


def test_private_need_absent_from_pages_api_and_matches_for_outsiders(client, roslavl, arctic_rti, need_values,
                                                                      users, django_capture_on_commit_callbacks):
    # given a private published need with a distinctive title
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, visibility="private", publish=True,
                                    **(need_values | {"title": "Секретная потребность РТИ"}))
    missing = need.pk + 1000
    client.force_login(users["supplier"])
    # then the list page and the API list do not show it
    assert "Секретная потребность" not in client.get("/cooperation/needs/", {"status": "all"}).content.decode()
    assert need.pk not in [n["id"] for n in client.get("/api/cooperation/needs").json()["items"]]
    assert need.pk not in [n["id"] for n in client.get("/api/cooperation/needs", {"q": "секретная"}).json()["items"]]
    # and every direct address answers 404, exactly as for a missing need
    for url in ("/cooperation/needs/{}/", "/cooperation/needs/{}/edit/", "/api/cooperation/needs/{}",
                "/api/cooperation/needs/{}/matches"):
        assert client.get(url.format(need.pk)).status_code == 404
        assert client.get(url.format(missing)).status_code == 404
    assert client.post(f"/cooperation/needs/{need.pk}/respond/", {"text": "x"}).status_code == 404
    # and reverse matching (opportunities of a supplier) leaves it out
    assert queries.needs_for_organization(arctic_rti, users["supplier"]) == []
    # while its own organization sees it everywhere
    client.force_login(users["owner"])
    assert client.get(f"/cooperation/needs/{need.pk}/").status_code == 200
    assert client.get(f"/api/cooperation/needs/{need.pk}/matches").status_code == 200
    assert [r["id"] for r in queries.needs_for_organization(arctic_rti, users["admin"])] == [need.pk]


def test_officers_need_absent_for_anonymous_present_for_officer(roslavl, arctic_rti, need_values, users,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, visibility="officers", publish=True, **need_values)
    assert queries.needs_for_organization(arctic_rti, users["anonymous"]) == []
    assert [r["id"] for r in queries.needs_for_organization(arctic_rti, users["officer74"])] == [need.pk]
