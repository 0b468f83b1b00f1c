"""Reading and changing roles, and the "officers" group.

Owns `role_of` (the role every app's access rules ask for), `assign_role` (the one
way pages, the CLI and tests give a user a role) and the "officers" Django group,
whose model permissions let regional officers into the admin for registry tables.
Which rows an officer may touch there is decided by registry.access; the group only
opens the doors. A profile edited in the admin is put in step by the admin itself
(`accounts.admin` calls `sync_officer_group`); saving a profile has no side effects.
"""
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import Role, UserProfile

OFFICERS_GROUP = "officers"


def role_of(user) -> Role:
    """The user's role; anonymous users and users without a profile are guests, superusers admins."""
    if user is None or not user.is_authenticated:
        return Role.GUEST
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return Role(profile.role) if profile is not None else Role.GUEST

# model name in the registry app -> actions an officer may perform in the admin.
# Officers do not delete organizations (that cascades to capabilities); admins do.
OFFICER_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "organization": ("view", "add", "change"),
    "capability": ("view", "add", "change", "delete"),
    "person": ("view", "add", "change", "delete"),
    "region": ("view",),
    "city": ("view",),
    "okved2": ("view",),
    "okpd2": ("view",),
}


def officer_permissions() -> list[Permission]:
    """The registry permissions of the officers group, created if a fresh database lacks them."""
    perms = []
    for model_name, actions in OFFICER_PERMISSIONS.items():
        model = apps.get_model("registry", model_name)
        ct = ContentType.objects.get_for_model(model)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=ct, codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"})
            perms.append(perm)
    return perms


def ensure_officers_group() -> Group:
    """The officers group with exactly the permissions in OFFICER_PERMISSIONS (idempotent)."""
    group, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    wanted = {p.pk for p in officer_permissions()}
    if wanted != set(group.permissions.values_list("pk", flat=True)):
        group.permissions.set(wanted)
    return group


def sync_officer_group(profile: UserProfile) -> None:
    """Put an officer's user into the officers group; take anyone else out of it."""
    user = profile.user
    if profile.role == Role.OFFICER:
        user.groups.add(ensure_officers_group())
    else:
        group = Group.objects.filter(name=OFFICERS_GROUP).first()
        if group is not None:
            user.groups.remove(group)


@transaction.atomic
def assign_role(user, role: Role, *, region=None, organization=None, acting_user=None) -> UserProfile:
    """Give `user` a role (with its region or organization: an instance or its key) and the
    admin access that goes with it.

    Officers and admins get `is_staff` (the admin shows officers their own region only);
    members and guests lose it unless they are superusers. Raises ValidationError
    (keyed by field) when an officer has no region or a member no organization.
    """
    profile = UserProfile.objects.filter(user=user).first() or UserProfile(user=user)
    profile.role = role
    profile.region_id = getattr(region, "pk", region) if role == Role.OFFICER else None
    profile.organization_id = getattr(organization, "pk", organization) if role == Role.MEMBER else None
    profile.full_clean(exclude=["user"])
    profile.save()
    sync_officer_group(profile)
    is_staff = user.is_superuser or role in (Role.OFFICER, Role.ADMIN)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    return profile


def sync_all_roles() -> int:
    """Create the officers group and put every officer in it; returns the number of officers."""
    ensure_officers_group()
    profiles = UserProfile.objects.select_related("user")
    for profile in profiles:
        sync_officer_group(profile)
    return sum(1 for p in profiles if p.role == Role.OFFICER)
