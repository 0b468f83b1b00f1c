"""Demo accounts for trying each role: an admin, officers of Смоленская (67) and
Челябинская (74) области, and a representative of «Рославльские тормозные
системы». Called by `promkoop demo --users`.

The password comes from PROMKOOP_DEMO_PASSWORD; without it a random one is
made for the accounts created in this run and returned once for printing.
No password is ever written in the code. Roles are given through assign_role, like
everywhere else. Only accounts the demo created are ever changed by it: an account a
person made under one of these names is left alone.
"""
import os
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from promkoop.registry.models import Organization
from promkoop.accounts.models import Role
from promkoop.accounts.roles import assign_role

from . import records
from .records import State
from .seed_article import ROSLAVL_BRAKES
from .story import name_key

PASSWORD_ENV = "PROMKOOP_DEMO_PASSWORD"
ACCOUNT_FIELDS = ("username",)  # a renamed or deleted demo account is a person's business


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: str
    region: str | None = None
    organization: str | None = None  # a seed-article organization of Смоленская область, by name


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN),
    DemoAccount("officer-smolensk", Role.OFFICER, region="67"),
    DemoAccount("officer-chelyabinsk", Role.OFFICER, region="74"),
    DemoAccount("member-rts", Role.MEMBER, organization=ROSLAVL_BRAKES),
)


@dataclass
class AccountsReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    not_ours: list[str] = field(default_factory=list)  # the name belongs to a person's own account: left alone
    password_from_env: bool = False
    generated_password: str | None = None  # set only when accounts were created with a random password


def _organization(name: str) -> Organization:
    key = name_key(name)
    for org in Organization.objects.filter(region_id="67").only("id", "name", "short_name").order_by("id"):
        if name_key(org.name) == key or (org.short_name and name_key(org.short_name) == key):
            return org
    raise Organization.DoesNotExist(f"организация «{name}» не найдена: загрузите демо-данные (`promkoop demo`)")


@transaction.atomic
def ensure_demo_accounts(password: str | None = None) -> AccountsReport:
    """Create the missing demo accounts and give each the demo created its role (idempotent).

    With a password (argument or PROMKOOP_DEMO_PASSWORD) every demo account gets it;
    without, only new accounts get a fresh random password, reported back once. An
    account of the same name that the demo did not create is a person's: never touched.
    """
    password = password or os.environ.get(PASSWORD_ENV) or None
    report = AccountsReport(password_from_env=password is not None)
    generated = None
    for account in DEMO_ACCOUNTS:
        key = f"user:{account.username}"
        user = User.objects.filter(username=account.username).first()
        if user is not None and records.recall(key, User, ACCOUNT_FIELDS)[0] is State.NEW:
            report.not_ours.append(account.username)
            continue
        if user is None:
            if password is None and generated is None:
                generated = secrets.token_urlsafe(12)
            user = User.objects.create_user(account.username, password=password or generated,
                                            is_superuser=account.role == Role.ADMIN)
            report.created.append(account.username)
        else:
            if password is not None:
                user.set_password(password)
                user.save(update_fields=["password"])
            report.existing.append(account.username)
        organization = _organization(account.organization) if account.organization else None
        assign_role(user, account.role, region=account.region, organization=organization)
        records.remember(key, user, ACCOUNT_FIELDS)
    report.generated_password = generated
    return report
