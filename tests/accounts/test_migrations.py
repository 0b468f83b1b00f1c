"""Profiles made before the accounts app owned them survive `migrate`: the rows of
web_userprofile become accounts.UserProfile rows, nothing is copied or lost."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from promkoop.accounts.models import Role, UserProfile

OLD = [("web", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_profile_row_of_the_web_app_survives_as_accounts_profile(reference_data):
    executor = _migrate(OLD)
    try:
        old_apps = executor.loader.project_state(OLD).apps
        user = old_apps.get_model("auth", "User").objects.create(username="old_officer")
        old_apps.get_model("web", "UserProfile").objects.create(user=user, role="officer", region_id="67")
        # an old database knows the model's content type under the web app only
        ContentType.objects.filter(app_label="accounts", model="userprofile").delete()
        old_type = ContentType.objects.get_or_create(app_label="web", model="userprofile")[0]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    profile = UserProfile.objects.select_related("user", "region").get(user__username="old_officer")
    assert profile.role == Role.OFFICER and profile.region.code == "67"
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(UserProfile).pk == old_type.pk
