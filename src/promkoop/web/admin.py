"""Admin for user roles: a profile inline on the user page; the admin site's titles."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .models import UserProfile

admin.site.site_header = _("Промкооп — администрирование")
admin.site.site_title = _("Промкооп")
admin.site.index_title = _("Реестр и пользователи")


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    raw_id_fields = ("organization",)


admin.site.unregister(User)


@admin.register(User)
class PromkoopUserAdmin(UserAdmin):
    inlines = [UserProfileInline]
    list_display = ("username", "email", "is_staff", "is_superuser")
