"""News pages: ingest, the article list and page, the review queue, the region-pair timeline.

Reading is public; ingesting and reviewing are for admins and regional officers
(`news.access`); a need/offer draft may also be confirmed by its organization's members.
Every write goes through `news.ingest` or `news.review` (which calls `fact_review` and
`drafts`); refusals are shown on the page (a form error or a message) and change nothing.
"""
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from promkoop.registry.access import visible_organizations
from promkoop.registry.models import Organization, Person, Region, fold

from . import access
from .errors import NewsError
from .forms import IngestForm
from .ingest import ingest_article
from .linking import LINK_THRESHOLD
from .models import (Article, DraftStatus, ExtractedNeed, ExtractedOffer, Fact, FactType,
                     LinkStatus)
from .queries import article_counts, review_queue, timeline
from .review import DRAFT_ACTIONS, decide_draft, perform_review
from .spans import highlight_segments

PAGE_SIZE = 30
RECENT_CONFIRMED = 20
TYPE_ORDER = [FactType.REGION, FactType.ORGANIZATION, FactType.PERSON, FactType.EVENT, FactType.NEED,
              FactType.OFFER]
ORG_KIND_LABELS = {**dict(Organization.Kind.choices), "media": gettext_lazy("СМИ")}
DRAFT_MODELS = {"need": ExtractedNeed, "offer": ExtractedOffer}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("news ingest and review are for admins and regional officers")


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def ingest(request):
    _require(access.can_ingest(request.user))
    form = IngestForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data, source = form.article_input()
            try:
                article = ingest_article(data, source=source,
                                                  published_at=form.cleaned_data.get("published_at"),
                                                  acting_user=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for message in errors:
                        form.add_error(None if field not in ("published_at",) else field, message)
                status = 422
            else:
                if article.is_new:
                    counts = article_counts(article)
                    messages.success(request, _("Статья загружена: фактов %(facts)s, связано %(links)s, "
                                                "на проверку %(review)s (связи %(facts_review)s, черновики "
                                                "потребностей и предложений %(drafts)s)") % counts)
                    if article.read_chars is not None:
                        messages.warning(request, _(
                            "Статья длинная: факты извлечены из первых %(read)s знаков из %(total)s; "
                            "остальной текст сохранён, но не разобран.") % {
                                "read": article.read_chars, "total": len(article.text)})
                else:
                    messages.info(request, _("Эта статья уже загружена"))
                return redirect(article)
        else:
            status = 422
    return render(request, "news/ingest.html", {"form": form}, status=status)


@require_GET
def article_list(request):
    articles = Article.objects.annotate(
        n_facts=Count("facts", distinct=True),
        n_facts_review=Count("facts", filter=Q(facts__link_status=LinkStatus.NEEDS_REVIEW), distinct=True),
        n_needs=Count("extractedneeds", filter=Q(extractedneeds__status=DraftStatus.DRAFT), distinct=True),
        n_offers=Count("extractedoffers", filter=Q(extractedoffers__status=DraftStatus.DRAFT), distinct=True),
    ).annotate(n_review=F("n_facts_review") + F("n_needs") + F("n_offers")).order_by(*Article._meta.ordering)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/article_list.html", {"page": page, "can_ingest": access.can_ingest(request.user)})


@require_GET
def article_detail(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    facts = list(article.facts.select_related("region", "organization", "person"))
    visible = set(visible_organizations(request.user).filter(
        pk__in=[f.organization_id for f in facts if f.organization_id]).values_list("pk", flat=True))
    marks = [(start, end, f.type, f.pk) for f in facts for start, end in f.mentions
             if f.type in (FactType.REGION, FactType.ORGANIZATION, FactType.PERSON)]
    groups = []
    for kind in TYPE_ORDER:
        items = [f for f in facts if f.type == kind]
        if items:
            groups.append({"type": kind, "label": FactType(kind).label, "facts": items})
    context = {
        "article": article,
        "segments": highlight_segments(article.text, marks),
        "groups": groups,
        "visible_org_ids": visible,
        "legend": [(t, FactType(t).label) for t in (FactType.REGION, FactType.ORGANIZATION, FactType.PERSON)],
        "events": article.events.prefetch_related("regions", "organizations", "persons"),
        "needs": _prepare_drafts(request.user, article.extractedneeds.select_related(
            "organization", "region", "need")),
        "offers": _prepare_drafts(request.user, article.extractedoffers.select_related(
            "organization", "region", "offer")),
        "counts": article_counts(article),
        "can_review": access.can_review(request.user),
    }
    return render(request, "news/article_detail.html", context)


@login_required
def review(request):
    _require(access.can_review(request.user))
    facts = access.with_visible_candidates(request.user, list(review_queue()))
    region_names = dict(Region.objects.values_list("code", "name"))
    article_regions = _article_regions({fact.article_id for fact in facts})
    for fact in facts:
        fact.region_label = region_names.get(fact.region_code, fact.region_code)
        fact.kind_label = ORG_KIND_LABELS.get(fact.data.get("kind"), fact.data.get("kind") or "")
        scope = {fact.region_code} if fact.region_code else article_regions.get(fact.article_id, set())
        for candidate in fact.shown_candidates:
            candidate["region_name"] = region_names.get(candidate["region"], candidate["region"])
            candidate["in_article_region"] = candidate["region"] in scope
        # the mention's region first (the linker already orders so; older rows may not be)
        fact.shown_candidates.sort(key=lambda c: not c["in_article_region"])
        first = fact.shown_candidates[0] if fact.shown_candidates else None
        fact.preselected = first is not None and first["score"] >= LINK_THRESHOLD
    drafts = [("need", d) for d in _prepare_drafts(request.user, ExtractedNeed.objects.filter(
        status=DraftStatus.DRAFT).select_related("article", "organization", "region"))]
    drafts += [("offer", d) for d in _prepare_drafts(request.user, ExtractedOffer.objects.filter(
        status=DraftStatus.DRAFT).select_related("article", "organization", "region"))]
    confirmed = [("need", d) for d in ExtractedNeed.objects.filter(status=DraftStatus.CONFIRMED)
                 .select_related("article", "organization", "need").order_by("-reviewed_at")[:RECENT_CONFIRMED]]
    confirmed += [("offer", d) for d in ExtractedOffer.objects.filter(status=DraftStatus.CONFIRMED)
                  .select_related("article", "organization", "offer").order_by("-reviewed_at")[:RECENT_CONFIRMED]]
    confirmed.sort(key=lambda pair: pair[1].reviewed_at or pair[1].created_at, reverse=True)
    return render(request, "news/review.html", {"facts": facts, "drafts": drafts, "link_threshold": LINK_THRESHOLD,
                                                "confirmed": confirmed[:RECENT_CONFIRMED]})


def _article_regions(article_ids) -> dict[int, set[str]]:
    """The regions each article names (its region facts), by article id."""
    found: dict[int, set[str]] = {}
    for article_id, code in Fact.objects.filter(article_id__in=article_ids, type=FactType.REGION,
                                                region__isnull=False).values_list("article_id", "region_id"):
        found.setdefault(article_id, set()).add(code)
    return found


def _target_model(fact: Fact):
    return Organization if fact.type == FactType.ORGANIZATION else Person


def _chosen_target(request, fact: Fact):
    raw = request.POST.get("target", "").strip()
    if not raw:
        return None
    model = _target_model(fact)
    queryset = visible_organizations(request.user) if model is Organization else Person.objects.all()
    try:
        return queryset.get(pk=int(raw))
    except (ValueError, model.DoesNotExist):
        raise ValidationError({"target": ValidationError(_("Запись «%(id)s» не найдена"),
                                                         code=NewsError.TARGET_NOT_FOUND,
                                                         params={"id": raw})}) from None


@login_required
@require_POST
def review_action(request, pk: int, action: str):
    _require(access.can_review(request.user))
    fact = get_object_or_404(Fact.objects.select_related("article"), pk=pk)
    try:
        fact = perform_review(request.user, fact, action, _chosen_target(request, fact))
    except ValidationError as exc:
        messages.error(request, _("«%(name)s»: %(error)s") % {"name": fact.name, "error": _error_text(exc)})
    else:
        messages.success(request, _("«%(name)s»: %(status)s") % {"name": fact.name,
                                                                 "status": fact.get_link_status_display()})
    return redirect(request.POST.get("next") or reverse("news:review"))


@login_required
@require_POST
def draft_action(request, kind: str, pk: int, action: str):
    model = DRAFT_MODELS.get(kind)
    if model is None or action not in DRAFT_ACTIONS:
        raise Http404("unknown draft")
    draft = get_object_or_404(model.objects.select_related("organization", "region"), pk=pk)
    try:
        draft = decide_draft(request.user, draft, action, request.POST.get("organization") or None)
    except ValidationError as exc:
        messages.error(request, _("«%(subject)s»: %(error)s") % {"subject": draft.subject,
                                                                 "error": _error_text(exc)})
    else:
        posting = draft.posting
        if posting is not None:
            messages.success(request, _("«%(subject)s»: %(status)s, опубликовано как «%(title)s»") % {
                "subject": draft.subject, "status": draft.get_status_display(), "title": posting.title})
        else:
            messages.success(request, _("«%(subject)s»: %(status)s") % {"subject": draft.subject,
                                                                        "status": draft.get_status_display()})
    return redirect(request.POST.get("next") or reverse("news:review"))


def _prepare_drafts(user, drafts):
    """Mark each draft with whether `user` may decide it and, for a draft that names only a
    region, the organizations `user` may confirm it for."""
    for draft in drafts:
        draft.can_decide = draft.status == DraftStatus.DRAFT and access.can_decide_draft(user, draft)
        draft.needs_choice = draft.organization_id is None and not draft.organization_name
        draft.org_choices = (list(access.draft_organizations(user, draft)[:500])
                             if draft.can_decide and draft.needs_choice else [])
    return drafts


def search_targets(user, fact: Fact, q: str, limit: int = 20):
    """Registry records a reviewer may pick for `fact` by typing part of the name."""
    q_words = fold(q).split()
    if not q_words:
        return []
    if fact.type == FactType.ORGANIZATION:
        found = visible_organizations(user).select_related("region")
        for word in q_words:
            found = found.filter(search_text__contains=word)
        return list(found[:limit])
    found = Person.objects.select_related("organization", "region")
    for word in q_words:
        found = found.filter(full_name__iregex=re.escape(word).replace("е", "[её]"))
    return list(found[:limit])


@login_required
@require_GET
def review_search(request, pk: int):
    """HTMX fragment: radio options of registry records matching ?q= for the merge form."""
    _require(access.can_review(request.user))
    fact = get_object_or_404(Fact, pk=pk)
    results = search_targets(request.user, fact, request.GET.get("q", ""))
    return render(request, "news/_search_results.html", {"fact": fact, "results": results,
                                                         "q": request.GET.get("q", "")})


@require_GET
def timeline_page(request):
    regions = Region.objects.order_by("name")
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    events, error = None, ""
    if a or b:
        codes = set(regions.filter(pk__in=[a, b]).values_list("pk", flat=True))
        if a not in codes or b not in codes:
            error = _("Выберите два региона из списка")
        else:
            events = timeline(a, b)
    return render(request, "news/timeline.html", {"regions": regions, "a": a, "b": b, "events": events,
                                                  "error": error}, status=400 if error else 200)

