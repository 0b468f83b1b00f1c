"""`promkoop sync-roles`: create the officers group with its registry permissions
and put every regional officer in it (idempotent; `make` setup may run it)."""
from django.core.management.base import BaseCommand

from promkoop.accounts.roles import OFFICERS_GROUP, sync_all_roles


class Command(BaseCommand):
    help = "Create the officers group (registry permissions for the admin) and add every officer to it."

    def handle(self, *args, **options):
        officers = sync_all_roles()
        self.stdout.write(f"group {OFFICERS_GROUP!r}: {officers} officer(s)")
