"""Review actions by name, as the pages and the API receive them ("accept", "merge",
"create", "reject"; "confirm", "reject" for need/offer drafts): checks who may create a
registry record in the fact's region or decide the draft (`news.access`), then calls the
matching service in `news.services`."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from promkoop.registry.models import Organization

from . import access, services
from .errors import NewsError
from .models import ExtractedNeed, ExtractedOffer, Fact, FactType

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


DRAFT_ACTIONS = ("confirm", "reject")


def decide_draft(user, draft: ExtractedNeed | ExtractedOffer, action: str, organization_id=None):
    """Confirm (publish as a cooperation need/offer) or reject a draft.

    PermissionDenied when `user` may not decide the draft at all; a ValidationError on
    "organization" when the chosen organization is unknown or not one `user` may post for.
    """
    if not access.can_decide_draft(user, draft):
        raise PermissionDenied("need/offer drafts are decided by admins, regional officers and the "
                               "organization's members")
    if action == "reject":
        return services.reject_draft(draft, acting_user=user)
    if action != "confirm":
        raise ValidationError({"action": ValidationError(
            _("Неизвестное действие «%(action)s»: %(actions)s"), code="invalid",
            params={"action": action, "actions": ", ".join(DRAFT_ACTIONS)})})
    organization = None
    if organization_id not in (None, ""):
        try:
            organization = access.draft_organizations(user, draft).get(pk=int(organization_id))
        except (ValueError, TypeError, Organization.DoesNotExist):
            raise ValidationError({"organization": ValidationError(
                _("Организация «%(id)s» не найдена среди тех, от имени которых вы можете публиковать "
                  "в этом регионе"), code=NewsError.FORBIDDEN_ORGANIZATION,
                params={"id": organization_id})}) from None
    elif draft.organization_id is not None and not access.can_post_for(user, draft.organization):
        raise PermissionDenied("not allowed to post for the draft's organization")
    return services.confirm_draft(draft, acting_user=user, organization=organization)
