"""News tables: articles, the facts extracted from them, events, and need/offer drafts.

Owns Article, Fact, Event, ExtractedNeed and ExtractedOffer. Every write goes through
`news/ingest.py`, `news/fact_review.py` and `news/drafts.py`; links to registry rows are
decided by `news/linking.py`. A Fact keeps the engine's JSON item (`data`, schema
promkoop.extraction/1) as provenance, where it was found in the text (character spans) and
what it was linked to. A confirmed need/offer draft points to the cooperation Need/Offer
made from it (`ExtractedNeed.need`, `ExtractedOffer.offer`); the cooperation app itself
knows nothing of news.
"""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from promkoop.registry.models import ClimateVersion, Organization, Person, Region


class Article(models.Model):
    title = models.CharField(_("заголовок"), max_length=500)
    text = models.TextField(_("текст"))
    source = models.CharField(_("источник (адрес или файл)"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("опубликовано"), null=True, blank=True)
    author = models.CharField(_("автор"), max_length=200, blank=True)
    content_hash = models.CharField(_("хеш текста"), max_length=64, unique=True, editable=False)
    ingested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("загрузил"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    extraction = models.JSONField(_("результат извлечения"), default=dict, blank=True)
    # Set when the text was longer than extraction reads: facts come from the first `read_chars` only.
    read_chars = models.PositiveIntegerField(_("прочитано знаков"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("статья")
        verbose_name_plural = _("статьи")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article", args=[self.pk])

    @property
    def unread_chars(self) -> int:
        """How much of the text extraction did not read (0 when it read it all)."""
        return max(len(self.text) - self.read_chars, 0) if self.read_chars is not None else 0


class FactType(models.TextChoices):
    REGION = "region", _("регион")
    ORGANIZATION = "organization", _("организация")
    PERSON = "person", _("человек")
    EVENT = "event", _("событие")
    NEED = "need", _("потребность")
    OFFER = "offer", _("предложение")


LINKABLE_TYPES = (FactType.REGION, FactType.ORGANIZATION, FactType.PERSON)


class LinkStatus(models.TextChoices):
    NONE = "", _("не связывается")
    LINKED_AUTO = "linked_auto", _("связано автоматически")
    NEEDS_REVIEW = "needs_review", _("ждёт проверки")
    ACCEPTED = "accepted", _("связь подтверждена")
    CREATED = "created", _("создана новая запись")
    MERGED = "merged", _("связано с выбранной записью")
    REJECTED = "rejected", _("отклонено")


LINKED_STATUSES = (LinkStatus.LINKED_AUTO, LinkStatus.ACCEPTED, LinkStatus.CREATED, LinkStatus.MERGED)


class Fact(models.Model):
    """One item of the extraction: a region, organization, person, event, need or offer."""

    article = models.ForeignKey(Article, verbose_name=_("статья"), on_delete=models.CASCADE, related_name="facts")
    type = models.CharField(_("тип"), max_length=12, choices=FactType.choices)
    position = models.PositiveIntegerField(_("порядок в извлечении"), default=0)
    name = models.CharField(_("название"), max_length=500)
    data = models.JSONField(_("извлечённые данные"), default=dict)
    span_start = models.PositiveIntegerField(_("начало в тексте"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("конец в тексте"), null=True, blank=True)
    mentions = models.JSONField(_("упоминания в тексте"), default=list, blank=True,
                                help_text=_("пары [начало, конец] всех найденных упоминаний"))
    confidence = models.FloatField(_("уверенность"), default=0.0,
                                   help_text=_("для регионов, организаций и людей — уверенность связи с реестром"))
    extraction_confidence = models.FloatField(_("уверенность извлечения"), null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("регион"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="news_facts")
    organization = models.ForeignKey(Organization, verbose_name=_("организация"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="news_facts")
    person = models.ForeignKey(Person, verbose_name=_("человек"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="news_facts")
    link_status = models.CharField(_("связь"), max_length=12, choices=LinkStatus.choices, blank=True)
    candidates = models.JSONField(_("кандидаты"), default=list, blank=True,
                                  help_text=_("[{id, name, score}] записей реестра, похожих на факт"))
    review_reason = models.CharField(_("почему на проверке"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("проверил"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)

    class Meta:
        ordering = ["article_id", "type", "position", "id"]
        indexes = [models.Index(fields=["link_status", "type"])]
        verbose_name = _("факт")
        verbose_name_plural = _("факты")

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.name}"

    @property
    def target(self):
        """The registry row the fact is linked to (or None)."""
        return {FactType.REGION: self.region, FactType.ORGANIZATION: self.organization,
                FactType.PERSON: self.person}.get(self.type)

    @property
    def is_linked(self) -> bool:
        return self.link_status in LINKED_STATUSES

    @property
    def region_code(self) -> str | None:
        if self.type == FactType.REGION:
            return self.data.get("code")
        return self.data.get("region_code")


class Event(models.Model):
    class Type(models.TextChoices):
        DELEGATION_VISIT = "delegation_visit", _("визит делегации")
        NEGOTIATIONS = "negotiations", _("переговоры")
        ROUND_TABLE = "round_table", _("круглый стол")
        MEETING = "meeting", _("встреча")
        AGREEMENT = "agreement", _("соглашение")
        FORUM = "forum", _("форум")
        EXHIBITION = "exhibition", _("выставка")
        OTHER = "other", _("другое")

    article = models.ForeignKey(Article, verbose_name=_("статья"), on_delete=models.CASCADE, related_name="events")
    fact = models.OneToOneField(Fact, null=True, blank=True, on_delete=models.SET_NULL, related_name="event")
    type = models.CharField(_("тип"), max_length=20, choices=Type.choices)
    date = models.DateField(_("дата"), null=True, blank=True)
    date_exact = models.BooleanField(_("дата точная"), default=False,
                                     help_text=_("нет — известна только дата публикации"))
    place = models.CharField(_("место"), max_length=300, blank=True)
    regions = models.ManyToManyField(Region, verbose_name=_("регионы"), blank=True, related_name="news_events")
    organizations = models.ManyToManyField(Organization, verbose_name=_("организации"), blank=True,
                                           related_name="news_events")
    persons = models.ManyToManyField(Person, verbose_name=_("люди"), blank=True, related_name="news_events")
    participants = models.JSONField(_("участники (как в тексте)"), default=list, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("событие")
        verbose_name_plural = _("события")

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date or ''}".strip()


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    CONFIRMED = "confirmed", _("подтверждено")
    REJECTED = "rejected", _("отклонено")


class Draft(models.Model):
    """A need or an offer as the article states it, waiting for an officer's confirmation."""

    article = models.ForeignKey(Article, verbose_name=_("статья"), on_delete=models.CASCADE,
                                related_name="%(class)ss")
    fact = models.OneToOneField(Fact, null=True, blank=True, on_delete=models.SET_NULL, related_name="%(class)s")
    organization = models.ForeignKey(Organization, verbose_name=_("организация"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="%(class)ss")
    organization_name = models.CharField(_("организация (как в тексте)"), max_length=500, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("регион"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="%(class)ss")
    subject = models.CharField(_("предмет"), max_length=500)
    requirements = models.JSONField(_("требования"), default=list, blank=True)
    temp_min_c = models.IntegerField(_("мин. рабочая температура, °C"), null=True, blank=True)
    temp_max_c = models.IntegerField(_("макс. рабочая температура, °C"), null=True, blank=True)
    climate_version = models.CharField(_("климатическое исполнение (ГОСТ 15150)"), max_length=3,
                                       choices=ClimateVersion.choices, blank=True)
    placement_category = models.PositiveSmallIntegerField(_("категория размещения"), null=True, blank=True)
    standards = models.JSONField(_("стандарты"), default=list, blank=True)
    materials = models.JSONField(_("материалы"), default=list, blank=True)
    text = models.TextField(_("предложение из статьи"), blank=True)
    status = models.CharField(_("статус"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("проверил"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["article_id", "id"]

    def __str__(self) -> str:
        return f"{self.organization_name or self.region_id or '—'}: {self.subject}"

    @property
    def posting(self):
        """The cooperation need or offer created when the draft was confirmed (or None)."""
        return getattr(self, "need", None) or getattr(self, "offer", None)


class ExtractedNeed(Draft):
    need = models.ForeignKey("cooperation.Need", verbose_name=_("созданная потребность"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="news_drafts")

    class Meta(Draft.Meta):
        verbose_name = _("потребность из статьи")
        verbose_name_plural = _("потребности из статей")


class ExtractedOffer(Draft):
    offer = models.ForeignKey("cooperation.Offer", verbose_name=_("созданное предложение"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="news_drafts")

    class Meta(Draft.Meta):
        verbose_name = _("предложение из статьи")
        verbose_name_plural = _("предложения из статей")
