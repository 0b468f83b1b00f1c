"""The admin site's titles (user roles are administered by the accounts app)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Промкооп — администрирование")
admin.site.site_title = _("Промкооп")
admin.site.index_title = _("Реестр и пользователи")
