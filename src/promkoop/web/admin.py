"""Admin for user roles: a profile inline on the user page."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .models import UserProfile


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    raw_id_fields = ("organization",)


admin.site.unregister(User)


@admin.register(User)
class PromkoopUserAdmin(UserAdmin):
    inlines = [UserProfileInline]
    list_display = ("username", "email", "is_staff", "is_superuser")
