"""Need/offer drafts found in articles: confirming one publishes it in the cooperation
app (`cooperation.services.create_need` / `create_offer`, source="news") and links the
draft to the record; rejecting one closes it. `guess_kind` and the posting's values
(title, description without the organization's own name, kind) are derived here.
Who may decide a draft is checked by the caller (`news.review.decide_draft`).

The dependency runs one way: news calls cooperation services; cooperation never
imports news.
"""
from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promkoop.cooperation import provenance
from promkoop.cooperation import services as cooperation_services
from promkoop.cooperation.models import CooperationKind, Provenance, Visibility
from promkoop.registry.models import Organization, fold
from promkoop.requirements_text import asks_for_prototypes

from .errors import NewsError, refusal
from .models import DraftStatus, ExtractedNeed, ExtractedOffer


def _check_draft(draft) -> None:
    if draft.status != DraftStatus.DRAFT:
        raise refusal(NewsError.DRAFT_DONE, _("«%(subject)s» уже %(status)s"), field="status",
                      subject=draft.subject, status=draft.get_status_display())


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def guess_kind(draft: ExtractedNeed | ExtractedOffer) -> str:
    """The cooperation kind a draft speaks of: a prototype when its sentence, or the sentence
    that answers it in the same paragraph of the article, mentions опытные образцы or an ТЗ
    (техническое задание), else serial supply. Articles often put a need and the reply next
    to each other: «…заинтересованность в поставках РТИ… Челябинские специалисты готовы
    изготовить опытные образцы по заданным техническим требованиям».

    >>> guess_kind(ExtractedNeed(subject="РТИ", text="изготовление опытных образцов по ТЗ"))
    'prototype'
    >>> guess_kind(ExtractedNeed(subject="Поставки литья", text="нужны ежемесячные поставки"))
    'serial_supply'
    """
    words = fold(" ".join([draft.subject, draft.text, *map(str, draft.requirements or []), _next_sentence(draft)]))
    return str(CooperationKind.PROTOTYPE if asks_for_prototypes(words) else CooperationKind.SERIAL_SUPPLY)


def _next_sentence(draft) -> str:
    """The sentence after the draft's one, when it is in the same paragraph of the article."""
    if not draft.article_id or not draft.text:
        return ""
    text = draft.article.text
    start = text.find(draft.text)
    if start < 0:
        return ""
    rest = text[start + len(draft.text):].split("\n", 1)[0]
    return SENTENCE_END.split(rest.strip(), maxsplit=1)[0]


def _posting_organization(draft, organization: Organization | None) -> Organization:
    """The organization the need/offer is published for: the draft's own (linked by review), or
    — for a draft that names only a region — the one the reviewer chose in that region."""
    if draft.organization is not None:
        if organization is not None and organization.pk != draft.organization_id:
            raise refusal(NewsError.WRONG_ORGANIZATION,
                          _("Черновик «%(subject)s» уже относится к «%(org)s»"), field="organization",
                          subject=draft.subject, org=draft.organization.display_name)
        return draft.organization
    if draft.organization_name:
        raise refusal(NewsError.NOT_LINKED,
                      _("Организация «%(name)s» ещё не связана с реестром: сначала свяжите её в очереди проверки"),
                      field="organization", name=draft.organization_name)
    if organization is None and draft.region is not None:
        raise refusal(NewsError.NO_ORGANIZATION,
                      _("Выберите организацию региона «%(region)s», от имени которой публикуется «%(subject)s»"),
                      field="organization", subject=draft.subject, region=draft.region.name)
    if organization is None:
        raise refusal(NewsError.NO_ORGANIZATION,
                      _("Выберите организацию, от имени которой публикуется «%(subject)s»"),
                      field="organization", subject=draft.subject)
    if draft.region_id and organization.region_id != draft.region_id:
        raise refusal(NewsError.WRONG_ORGANIZATION,
                      _("«%(org)s» не из региона «%(region)s», о котором говорит статья"),
                      field="organization", org=organization.display_name, region=draft.region.name)
    return organization


def _without_names(sentence: str, names) -> str:
    """The sentence with the organization's own name left out.

    >>> _without_names("Так, предприятие «Рославльские тормозные системы» выразило интерес.",
    ...                ["Рославльские тормозные системы"])
    'Так, предприятие выразило интерес.'
    """
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        sentence = re.sub(r"[«\"]?" + re.escape(name) + r"[»\"]?", " ", sentence, flags=re.IGNORECASE)
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", sentence)).strip()


def _posting_values(draft, owner: Organization) -> dict:
    """Need/Offer fields from a draft. The description says what is needed — the subject, the
    requirements, then the article's sentence without the organization's own name (it is the
    posting's organization already, and in the text it pulls matching toward what that
    organization makes: «…тормозные системы…» ranked brake makers above rubber-goods makers).
    The article itself is named in `source_ref`. These are stored texts in the article's
    language (Russian), not interface strings, so they are not translated."""
    article = draft.article
    subject = draft.subject.strip() or "Без названия"
    parts = [subject[:1].upper() + subject[1:]]
    if draft.requirements:
        parts[0] += ". Требования: " + "; ".join(map(str, draft.requirements))
    sentence = _without_names(draft.text, [draft.organization_name, owner.name, owner.short_name])
    if sentence:
        parts.append(f"Из статьи: {sentence}")
    values = dict(
        title=(subject[:1].upper() + subject[1:])[:300], description="\n\n".join(parts)[:5000],
        kind=guess_kind(draft), temp_min_c=draft.temp_min_c, temp_max_c=draft.temp_max_c,
        climate_version=draft.climate_version, materials=list(draft.materials or []),
        standards=list(draft.standards or []), visibility=Visibility.PUBLIC, source=Provenance.NEWS,
        source_ref=f"статья №{article.pk} «{article.title}»"[:500])
    # every requirement came from the article: read from its words, or assumed ("арктических" → ХЛ, −60 °C)
    # (a kind read from the reply next to it: assumed from that sentence's words)
    values["requirement_origins"] = provenance.origins_from_text(values["description"], values,
                                                                 context=_next_sentence(draft))
    return values


@transaction.atomic
def confirm_draft(draft: ExtractedNeed | ExtractedOffer, *, acting_user,
                  organization: Organization | None = None) -> ExtractedNeed | ExtractedOffer:
    """Confirm a need/offer draft: publish it as a cooperation Need/Offer and link the draft to it.

    The posting belongs to the draft's organization; a draft that names only a region
    (e.g. «Челябинские специалисты») needs `organization`, one of that region. It is
    published at once (public): the confirmation is the review, and the need is then
    matched and shown to partners. Who may confirm is checked by the caller
    (`news.review.decide_draft`). A confirmed draft is refused the second time.
    """
    draft = type(draft).objects.select_for_update().get(pk=draft.pk)  # a second confirm waits, then is refused
    _check_draft(draft)
    owner = _posting_organization(draft, organization)
    values = _posting_values(draft, owner)
    if isinstance(draft, ExtractedNeed):
        draft.need = cooperation_services.create_need(owner, acting_user=acting_user, publish=True, **values)
        linked = "need"
    else:
        draft.offer = cooperation_services.create_offer(owner, acting_user=acting_user, publish=True, **values)
        linked = "offer"
    draft.organization = owner
    draft.status = DraftStatus.CONFIRMED
    draft.reviewed_by, draft.reviewed_at = acting_user, timezone.now()
    draft.save(update_fields=["status", "reviewed_by", "reviewed_at", "organization", linked])
    return draft


@transaction.atomic
def reject_draft(draft: ExtractedNeed | ExtractedOffer, *, acting_user) -> ExtractedNeed | ExtractedOffer:
    _check_draft(draft)
    draft.status = DraftStatus.REJECTED
    draft.reviewed_by, draft.reviewed_at = acting_user, timezone.now()
    draft.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return draft
