"""Review actions by name, as the pages and the API receive them ("accept", "merge",
"create", "reject"): checks who may create a registry record in the fact's region
(`news.access`), then calls the matching service in `news.services`."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import access, services
from .errors import NewsError
from .models import Fact, FactType

ACTIONS = ("accept", "merge", "create", "reject")


def _check_create(user, fact: Fact) -> None:
    code = fact.data.get("region_code")
    if fact.type == FactType.ORGANIZATION and code and not access.can_create_in_region(user, code):
        raise ValidationError({"region": ValidationError(
            _("Вы не можете добавлять организации в регион %(code)s: выберите существующую запись"),
            code=NewsError.FORBIDDEN_REGION, params={"code": code})})


def perform_review(user, fact: Fact, action: str, target=None) -> Fact:
    """Apply one review action to `fact`; raises ValidationError for a refused one."""
    if action == "accept":
        return services.accept_link(fact, target, acting_user=user)
    if action == "merge":
        if target is None:
            raise ValidationError({"target": ValidationError(_("Выберите запись реестра"), code="required")})
        return services.merge_fact(fact, target, acting_user=user)
    if action == "create":
        _check_create(user, fact)
        return services.create_from_fact(fact, acting_user=user)
    if action == "reject":
        return services.reject_fact(fact, acting_user=user)
    raise ValidationError({"action": ValidationError(_("Неизвестное действие «%(action)s»: %(actions)s"),
                                                     code="invalid",
                                                     params={"action": action, "actions": ", ".join(ACTIONS)})})
