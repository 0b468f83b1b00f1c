"""Repeated wrong passwords lock the user name out from that address, on the site and the admin
alike; the right password does not get through while locked; another user is not affected."""
import pytest

from factories import make_user
from promkoop.accounts.models import Role

pytestmark = pytest.mark.django_db

PASSWORD = "верный-пароль-2026"


@pytest.fixture
def officer(db):
    user = make_user("officer-lock", Role.OFFICER, region_id="67")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_wrong_passwords_lock_out_even_the_right_one(client, officer, settings, url):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, url, officer.username, "wrong").status_code == 200  # the form again
    assert _login(client, url, officer.username, "wrong").status_code == 429

    locked = _login(client, url, officer.username, PASSWORD)

    assert locked.status_code == 429
    assert "Вход временно закрыт" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "/login/", officer.username, "wrong")
    assert _login(client, "/login/", officer.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "/login/", officer.username, "wrong")
    assert _login(client, "/login/", officer.username, PASSWORD).status_code == 302


def test_another_user_from_the_same_address_may_still_log_in(client, officer, settings):
    other = make_user("member-free", Role.GUEST)
    other.set_password(PASSWORD)
    other.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/login/", officer.username, "wrong")

    assert _login(client, "/login/", other.username, PASSWORD).status_code == 302
