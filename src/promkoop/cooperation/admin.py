"""Django admin for cooperation records: read-only views for superusers.

Needs, offers and responses are written only by `services.py` (which keeps the
matching index and notifications in step), so the admin shows them and never
adds or changes them; the pages and the API are the way to edit.
"""
from django.contrib import admin

from .models import Need, Notification, Offer, Response, SavedSearch


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Need, Offer)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ("title", "organization", "kind", "status", "visibility", "source", "published_at")
    list_filter = ("status", "visibility", "kind", "source")
    search_fields = ("title", "search_text", "organization__name")
    list_select_related = ("organization",)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("need", "organization", "status", "price", "created_at")
    list_filter = ("status",)
    list_select_related = ("need", "organization")


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "target", "text", "created_at")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("message", "user", "kind", "created_at", "read_at")
    list_filter = ("kind",)
