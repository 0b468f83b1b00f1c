"""Shared fixtures: reference data loaded once into the test database, users of each role."""
import pytest

from factories import make_user
from promkoop.accounts.models import Role
from promkoop.registry.reference import load_reference


@pytest.fixture(scope="session", autouse=True)
def _private_var_dir(tmp_path_factory):
    """Runtime files (matching indexes) of a test run go to a temporary directory, not var/."""
    from django.conf import settings

    settings.VAR_DIR = tmp_path_factory.mktemp("var")
    yield


@pytest.fixture(autouse=True)
def _fresh_memos():
    """Answers remembered by the server process (`promkoop.memo`) are keyed by database state, which
    each test's rollback repeats: every test starts with none."""
    from promkoop.memo import clear_all

    clear_all()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data (regions, cities, classifiers) is part of every test database.

    Transactional tests (the browser ones) flush tables afterwards; pytest-django
    runs them last, and they reload reference data through `reference_data`.
    """
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference_data(db):
    """For transactional tests, whose flush empties the reference tables."""
    load_reference()


@pytest.fixture
def admin_user(db):
    return make_user("admin1", Role.ADMIN, superuser=True)


@pytest.fixture
def officer_smolensk(db):
    return make_user("officer67", Role.OFFICER, region_id="67")


@pytest.fixture
def officer_chelyabinsk(db):
    return make_user("officer74", Role.OFFICER, region_id="74")


@pytest.fixture
def guest_user(db):
    return make_user("guest1", Role.GUEST)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the run's browser tests (`tests/browser.py`)."""
    from browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    """A fresh desktop page in Russian (its own cookies), for one browser test."""
    from browser import new_page

    with new_page(browser) as page:
        yield page
