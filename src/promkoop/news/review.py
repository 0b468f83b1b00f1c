"""Review actions by name, as the pages and the API receive them ("accept", "merge",
"create", "reject"; "confirm", "reject" for need/offer drafts): checks who may create a
registry record in the fact's region or decide the draft (`news.access`), then calls the
matching service in `news.fact_review` or `news.drafts`."""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from promkoop.registry.models import Organization

from . import access, drafts, fact_review
from .errors import NewsError, refusal
from .models import ExtractedNeed, ExtractedOffer, Fact, FactType

ACTIONS = ("accept", "merge", "create", "reject")


def _region_of_target(target) -> str | None:
    """The region a registry record belongs to: an organization's, a person's own or their organization's."""
    if isinstance(target, Organization):
        return target.region_id
    return getattr(target, "region_id", None) or getattr(getattr(target, "organization", None), "region_id", None)


def _check_create(user, fact: Fact) -> None:
    """A record is created only in a region `user` may create in; a record of no known region only by
    an admin (the registry's own rule for organizations, applied to people as well)."""
    code = fact.data.get("region_code")
    if fact.type == FactType.PERSON and not code:
        org_fact = fact_review.fact_named(list(fact.article.facts.filter(type=FactType.ORGANIZATION)),
                                          fact.data.get("organization"))
        if org_fact is not None and org_fact.organization_id:
            code = org_fact.organization.region_id
    if code and not access.can_create_in_region(user, code):
        what = (_("организации") if fact.type == FactType.ORGANIZATION else _("людей"))
        raise refusal(NewsError.FORBIDDEN_REGION,
                      _("Вы не можете добавлять %(what)s в регион %(code)s: выберите существующую запись"),
                      field="region", code=code, what=what)
    if not code and fact.type == FactType.PERSON and not access.can_create_in_region(user, None):
        raise refusal(NewsError.FORBIDDEN_REGION,
                      _("Регион человека не известен: добавить его может только администратор; "
                        "выберите существующую запись"), field="region")


def _check_link(user, fact: Fact, target) -> None:
    """A mention is linked only to a record of a region `user` may write in (as creating one)."""
    if fact.type not in (FactType.ORGANIZATION, FactType.PERSON) or target is None:
        return
    code = _region_of_target(target)
    if not access.can_create_in_region(user, code):
        raise refusal(NewsError.FORBIDDEN_REGION,
                      _("Вы не можете связывать упоминания с записями региона %(code)s"),
                      field="target", code=code or "—")


def perform_review(user, fact: Fact, action: str, target=None) -> Fact:
    """Apply one review action to `fact`; raises ValidationError for a refused one."""
    if action == "accept":
        _check_link(user, fact, target if target is not None else fact.target)
        return fact_review.accept_link(fact, target, acting_user=user)
    if action == "merge":
        if target is None:
            raise refusal(NewsError.NO_TARGET, _("Выберите запись реестра"), field="target")
        _check_link(user, fact, target)
        return fact_review.merge_fact(fact, target, acting_user=user)
    if action == "create":
        _check_create(user, fact)
        return fact_review.create_from_fact(fact, acting_user=user)
    if action == "reject":
        # Rejecting removes the link: turning down a record's mention takes the right to link it.
        _check_link(user, fact, fact.target)
        return fact_review.reject_fact(fact, acting_user=user)
    raise refusal(NewsError.UNKNOWN_ACTION, _("Неизвестное действие «%(action)s»: %(actions)s"), field="action",
                  action=action, actions=", ".join(ACTIONS))


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
        return drafts.reject_draft(draft, acting_user=user)
    if action != "confirm":
        raise refusal(NewsError.UNKNOWN_ACTION, _("Неизвестное действие «%(action)s»: %(actions)s"),
                      field="action", action=action, actions=", ".join(DRAFT_ACTIONS))
    organization = None
    if organization_id not in (None, ""):
        try:
            organization = access.draft_organizations(user, draft).get(pk=int(organization_id))
        except (ValueError, TypeError, Organization.DoesNotExist):
            raise refusal(NewsError.FORBIDDEN_ORGANIZATION,
                          _("Организация «%(id)s» не найдена среди тех, от имени которых вы можете публиковать "
                            "в этом регионе"), field="organization", id=organization_id) from None
    elif draft.organization_id is not None and not access.can_post_for(user, draft.organization):
        raise PermissionDenied("not allowed to post for the draft's organization")
    return drafts.confirm_draft(draft, acting_user=user, organization=organization)
