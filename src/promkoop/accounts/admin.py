"""Admin for user roles: a profile inline on the user page.

Saving the page puts the user in or out of the officers group explicitly
(`roles.sync_officer_group`), since saving a profile has no side effects.
"""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .models import UserProfile
from .roles import sync_officer_group


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    raw_id_fields = ("organization",)


admin.site.unregister(User)


@admin.register(User)
class PromkoopUserAdmin(UserAdmin):
    inlines = [UserProfileInline]
    list_display = ("username", "email", "is_staff", "is_superuser")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = UserProfile.objects.filter(user=form.instance).select_related("user").first()
        if profile is not None:
            sync_officer_group(profile)
