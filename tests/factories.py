"""What many tests build the same way: the founding article and its gold extraction, valid
ИНН, users of each role, the Roslavl brake plant. Everything is made through the services
(registry services, `assign_role`), as the app makes it. Import as `factories`."""
from pathlib import Path

from django.contrib.auth.models import User

from promkoop.accounts.models import Role
from promkoop.accounts.roles import assign_role
from promkoop.demo.seed_article import ARTICLE_PATH
from promkoop.registry import services as registry
from promkoop.registry.inn import inn_check_digits
from promkoop.registry.models import City, Organization

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_ARTICLE = ARTICLE_PATH
SEED_GOLD = FIXTURES / "seed" / "smolensk-south-urals-2025-11-15.expected.json"
ROSLAVL = "Рославльские тормозные системы"


def make_inn(body: str) -> str:
    """A valid 10-digit ИНН from a 9-digit body."""
    return body + inn_check_digits(body)


def make_user(username: str, role: str = Role.GUEST, *, region_id: str | None = None, organization=None,
              superuser: bool = False) -> User:
    """A user with a role (through `assign_role`) and the password "pw-<username>"."""
    user = User.objects.create_user(username=username, password="pw-" + username, is_superuser=superuser)
    assign_role(user, role, region=region_id, organization=organization)
    return user


def make_member(username: str, organization: Organization) -> User:
    return make_user(username, Role.MEMBER, organization=organization)


def make_roslavl(**values) -> Organization:
    """«Рославльские тормозные системы» (Смоленская область), the founding story's brake plant;
    `values` add to or replace its fields."""
    fields = dict(name=ROSLAVL, short_name="РТС", legal_form="АО", inn=make_inn("672500001"), region_id="67",
                  city_id=City.objects.get(name="Рославль", region_id="67").pk, okved_main_id="29.32",
                  kind=Organization.Kind.ENTERPRISE)
    fields.update(values)
    return registry.create_organization(**fields)


def run_worker() -> None:
    """Run the queued background tasks with the real database worker (`promkoop db_worker --batch`),
    in this process. The worker closes "old" database connections between tasks; in a test that
    connection holds the test's transaction (PostgreSQL really closes it; SQLite's in-memory one
    ignores it), so here it is left open."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
