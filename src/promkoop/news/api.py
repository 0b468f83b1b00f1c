"""News API: ingest an article, read articles with their facts, work the review queue
and confirm or reject the need/offer drafts.

Mounted at /api/news by `promkoop.api`. Reading articles is open; ingesting and the
review queue need a signed-in admin or regional officer (ninja's session auth, which
checks the CSRF token). Refused input answers 422 naming the field ("text" with the
engine's code such as not_russian or too_large, "published_at"), through the one
ValidationError handler in `promkoop.api`; nothing is stored then. Confirming a draft
publishes it as a cooperation need/offer (`posting`, `posting_url` in the answer); drafts
are decided by whoever may post for their organization (`news.access.can_decide_draft`).
"""
import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from promkoop.api_pagination import Paging
from promkoop.api_schemas import IsoDate
from promkoop.registry.access import visible_organizations
from promkoop.registry.api import ErrorOut, session_auth
from promkoop.registry.models import Person

from . import access
from .ingest import ingest_article
from .models import Article, ExtractedNeed, ExtractedOffer, Fact, FactType
from .queries import article_counts, review_queue
from .review import decide_draft, perform_review

router = Router(tags=["news"])

PAGE_MAX = 200


class ArticleIn(Schema):
    text: str
    published_at: IsoDate | None = None
    source: str = ""


class FactOut(Schema):
    id: int
    article: int
    type: str
    name: str
    data: dict
    span_start: int | None
    span_end: int | None
    confidence: float
    link_status: str
    region: str | None
    organization: int | None
    person: int | None
    candidates: list[dict]
    review_reason: str

    @staticmethod
    def resolve_article(obj: Fact) -> int:
        return obj.article_id

    @staticmethod
    def resolve_region(obj: Fact) -> str | None:
        return obj.region_id

    @staticmethod
    def resolve_organization(obj: Fact) -> int | None:
        return obj.organization_id

    @staticmethod
    def resolve_person(obj: Fact) -> int | None:
        return obj.person_id

    @staticmethod
    def resolve_candidates(obj: Fact, context) -> list[dict]:
        return access.visible_candidates(context["request"].user, obj)


class ArticleEventOut(Schema):
    id: int
    type: str
    date: dt.date | None
    date_exact: bool
    place: str
    regions: list[str]
    organizations: list[int]
    persons: list[int]
    participants: list[str]

    @staticmethod
    def resolve_regions(obj) -> list[str]:
        return [r.pk for r in obj.regions.all()]

    @staticmethod
    def resolve_organizations(obj) -> list[int]:
        return [o.pk for o in obj.organizations.all()]

    @staticmethod
    def resolve_persons(obj) -> list[int]:
        return [p.pk for p in obj.persons.all()]


class DraftOut(Schema):
    id: int
    organization: int | None
    organization_name: str
    region: str | None
    subject: str
    requirements: list[str]
    temp_min_c: int | None
    temp_max_c: int | None
    climate_version: str
    text: str
    status: str
    posting: int | None
    posting_url: str | None

    @staticmethod
    def resolve_organization(obj) -> int | None:
        return obj.organization_id

    @staticmethod
    def resolve_posting(obj) -> int | None:
        """The id of the cooperation need (for a need draft) or offer made when it was confirmed."""
        return getattr(obj, "need_id", None) or getattr(obj, "offer_id", None)

    @staticmethod
    def resolve_posting_url(obj) -> str | None:
        posting = obj.posting
        return posting.get_absolute_url() if posting is not None else None

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region_id


class ArticleSummaryOut(Schema):
    id: int
    title: str
    source: str
    published_at: dt.datetime | None
    author: str
    created_at: dt.datetime


class ArticleOut(ArticleSummaryOut):
    text: str
    counts: dict
    facts: list[FactOut]
    events: list[ArticleEventOut]
    needs: list[DraftOut]
    offers: list[DraftOut]

    @staticmethod
    def resolve_counts(obj: Article) -> dict:
        return article_counts(obj)

    @staticmethod
    def resolve_facts(obj: Article):
        return list(obj.facts.all())

    @staticmethod
    def resolve_events(obj: Article):
        return list(obj.events.prefetch_related("regions", "organizations", "persons"))

    @staticmethod
    def resolve_needs(obj: Article):
        return list(obj.extractedneeds.all())

    @staticmethod
    def resolve_offers(obj: Article):
        return list(obj.extractedoffers.all())


class DraftActionIn(Schema):
    action: Literal["confirm", "reject"]
    organization: int | None = None  # for a draft that names only a region: an organization of it


class ReviewIn(Schema):
    action: str  # accept | merge | create | reject
    target: int | None = None


WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.post("/articles", response={201: ArticleOut, 200: ArticleOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Загрузить статью: извлечь факты и связать их с реестром (200 — уже загружена)")
def ingest_article_endpoint(request, payload: ArticleIn):
    if not access.can_ingest(request.user):
        raise PermissionDenied("ingest is for admins and regional officers")
    article = ingest_article(payload.text, source=payload.source, published_at=payload.published_at,
                             acting_user=request.user)
    return Status(201 if article.is_new else 200, article)


@router.get("/articles", response=list[ArticleSummaryOut], summary="Статьи, новые первыми")
@paginate(Paging, max_limit=PAGE_MAX)
def list_articles_endpoint(request):
    return Article.objects.all()


@router.get("/articles/{article_id}", response={200: ArticleOut, 404: ErrorOut},
            summary="Статья с фактами, событиями, потребностями и предложениями")
def get_article_endpoint(request, article_id: int):
    return get_object_or_404(Article, pk=article_id)


@router.get("/review", response={200: list[FactOut], **WRITE_ERRORS}, auth=session_auth,
            summary="Очередь проверки: организации и люди без однозначной связи")
@paginate(Paging, max_limit=PAGE_MAX)
def review_queue_endpoint(request):
    if not access.can_review(request.user):
        raise PermissionDenied("review is for admins and regional officers")
    return review_queue()


@router.post("/review/{fact_id}", response={200: FactOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Проверить факт: accept | merge | create | reject (target — id записи реестра)")
def review_fact_endpoint(request, fact_id: int, payload: ReviewIn):
    if not access.can_review(request.user):
        raise PermissionDenied("review is for admins and regional officers")
    fact = get_object_or_404(Fact, pk=fact_id)
    target = None
    if payload.target is not None:
        queryset = (visible_organizations(request.user) if fact.type == FactType.ORGANIZATION
                    else Person.objects.all())
        target = get_object_or_404(queryset, pk=payload.target)
    return perform_review(request.user, fact, payload.action, target)


@router.post("/drafts/{kind}/{draft_id}", response={200: DraftOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Подтвердить (опубликовать как потребность/предложение) или отклонить черновик из статьи "
                     "(kind: need | offer; organization — для черновика, где назван только регион)")
def draft_action_endpoint(request, kind: Literal["need", "offer"], draft_id: int, payload: DraftActionIn):
    model = ExtractedNeed if kind == "need" else ExtractedOffer
    draft = get_object_or_404(model.objects.select_related("organization", "region"), pk=draft_id)
    return decide_draft(request.user, draft, payload.action, payload.organization)
