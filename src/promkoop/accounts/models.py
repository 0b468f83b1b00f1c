"""Roles: the role of each user and what it is bound to (a region, an organization).

Saving a profile has no side effects; the officers group is kept in step by
`accounts.roles` (`assign_role`, `sync_officer_group`), which every writer calls.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("администратор")
    OFFICER = "officer", _("сотрудник региона")
    MEMBER = "member", _("представитель предприятия")
    GUEST = "guest", _("гость")


class UserProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("роль"), max_length=10, choices=Role.choices, default=Role.GUEST)
    region = models.ForeignKey("registry.Region", verbose_name=_("регион"), null=True, blank=True,
                               on_delete=models.PROTECT, help_text=_("для сотрудника региона"))
    organization = models.ForeignKey("registry.Organization", verbose_name=_("организация"), null=True,
                                     blank=True, on_delete=models.SET_NULL,
                                     related_name="members", help_text=_("для представителя предприятия"))

    class Meta:
        # The table the web app created before accounts owned the model: existing databases keep their rows.
        db_table = "web_userprofile"
        verbose_name = _("профиль")
        verbose_name_plural = _("профили")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.role == Role.OFFICER and not self.region_id:
            raise ValidationError({"region": _("Сотруднику региона нужен регион")})
        if self.role == Role.MEMBER and not self.organization_id:
            raise ValidationError({"organization": _("Представителю предприятия нужна организация")})
