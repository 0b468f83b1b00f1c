"""Cooperation tables: needs (потребности), offers (предложения), responses to
needs, saved searches and in-app notifications.

Writes go through `services.py`; who may see a row is decided in `access.py`.
The rules about one record (temperature range, known ОКПД2, list fields,
allowed status changes) live here, on the model, and run in `full_clean`.
"""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from promkoop.registry.models import ClimateVersion, FoldedSearchText, Okpd2, Organization, Region, fold

from .errors import CoopError

DESCRIPTION_MAX = 5000
NEWS_SOURCE_REF = re.compile(r"статья №(\d+) «(.*)»", re.S)  # how news.drafts names the article
TEMP_LIMITS = (-273, 2000)


class CooperationKind(models.TextChoices):
    SERIAL_SUPPLY = "serial_supply", _("серийные поставки")
    PROTOTYPE = "prototype", _("опытный образец по ТЗ")
    JOINT_DEVELOPMENT = "joint_development", _("совместная разработка")
    IMPORT_SUBSTITUTION = "import_substitution", _("импортозамещение")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("всем")
    OFFICERS = "officers", _("сотрудникам регионов и организации")
    PRIVATE = "private", _("только организации")


class Status(models.TextChoices):
    DRAFT = "draft", _("черновик")
    PUBLISHED = "published", _("опубликовано")
    CLOSED = "closed", _("закрыто")


class Provenance(models.TextChoices):
    MANUAL = "manual", _("вручную")
    IMPORT = "import", _("импорт файла")
    NEWS = "news", _("новостная статья")
    DEMO = "demo", _("демо-данные")


class Posting(FoldedSearchText, models.Model):
    """What needs and offers share: who, what, technical requirements, reach, status, provenance."""

    fields_saved_with_search_text = ("search_text", "updated_at")

    organization = models.ForeignKey(Organization, verbose_name=_("организация"), on_delete=models.CASCADE,
                                     related_name="%(class)ss")
    title = models.CharField(_("заголовок"), max_length=300)
    description = models.TextField(_("описание"), validators=[MaxLengthValidator(DESCRIPTION_MAX)])
    okpd2 = models.ForeignKey(Okpd2, verbose_name=_("ОКПД2"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(_("форма кооперации"), max_length=20, choices=CooperationKind.choices,
                            default=CooperationKind.SERIAL_SUPPLY)
    temp_min_c = models.IntegerField(_("мин. рабочая температура, °C"), null=True, blank=True)
    temp_max_c = models.IntegerField(_("макс. рабочая температура, °C"), null=True, blank=True)
    climate_version = models.CharField(_("климатическое исполнение (ГОСТ 15150)"), max_length=3,
                                       choices=ClimateVersion.choices, blank=True)
    materials = models.JSONField(_("материалы"), default=list, blank=True)
    standards = models.JSONField(_("стандарты (ГОСТ, ТУ, ISO)"), default=list, blank=True)
    # Where each requirement came from, by `provenance.REQUIREMENTS` key: {"climate_version": {"origin":
    # "assumed", "phrase": "арктических условиях"}}; "text", "assumed" or "declined" (removed by the
    # owner: the matcher does not read it from the text). A requirement without an entry was stated.
    requirement_origins = models.JSONField(_("происхождение требований"), default=dict, blank=True)
    quantity = models.DecimalField(_("количество"), max_digits=14, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("единица измерения"), max_length=30, blank=True)
    deadline = models.DateField(_("срок"), null=True, blank=True)
    preferred_regions = models.ManyToManyField(Region, verbose_name=_("предпочтительные регионы"), blank=True,
                                               related_name="+")
    excluded_regions = models.ManyToManyField(Region, verbose_name=_("исключённые регионы"), blank=True,
                                              related_name="+")
    visibility = models.CharField(_("видимость"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    status = models.CharField(_("статус"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("источник"), max_length=10, choices=Provenance.choices, default=Provenance.MANUAL)
    source_ref = models.CharField(_("ссылка на источник"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("автор"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-published_at", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean_fields(self, exclude=None):
        # The ОКПД2 code is checked in clean() with our own code and message
        # (the default foreign-key check would report it a second time).
        super().clean_fields(exclude=set(exclude or ()) | {"okpd2"})

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        for name in ("temp_min_c", "temp_max_c"):
            value = getattr(self, name)
            if value is not None and not TEMP_LIMITS[0] <= value <= TEMP_LIMITS[1]:
                errors[name] = ValidationError(
                    _("Температура %(value)s °C вне допустимого диапазона от −273 до 2000 °C"),
                    code=CoopError.INVALID_VALUE, params={"value": value})
        if (self.temp_min_c is not None and self.temp_max_c is not None and self.temp_min_c > self.temp_max_c
                and "temp_min_c" not in errors):
            errors["temp_min_c"] = ValidationError(
                _("Минимальная температура %(a)s °C выше максимальной %(b)s °C"),
                code=CoopError.TEMP_RANGE, params={"a": self.temp_min_c, "b": self.temp_max_c})
        if self.okpd2_id and not Okpd2.objects.filter(pk=self.okpd2_id).exists():
            errors["okpd2"] = ValidationError(_("Неизвестный код ОКПД2 «%(code)s»"), code=CoopError.UNKNOWN_OKPD2,
                                              params={"code": self.okpd2_id})
        for name in ("materials", "standards"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors[name] = ValidationError(_("Нужен список строк"), code=CoopError.INVALID_VALUE)
        if self.quantity is not None and self.quantity <= 0:
            errors["quantity"] = ValidationError(_("Количество должно быть больше нуля"),
                                                 code=CoopError.INVALID_VALUE)
        if self.quantity is not None and not self.unit.strip():
            errors["unit"] = ValidationError(_("Укажите единицу измерения количества"), code=CoopError.REQUIRED)
        if errors:
            raise ValidationError(errors)

    def source_article(self) -> tuple[int, str] | None:
        """(id, title) of the news article a confirmed draft came from, read from `source_ref` as
        news.drafts writes it («статья №12 «Заголовок»»), so pages can word it in their language."""
        match = NEWS_SOURCE_REF.fullmatch(self.source_ref or "")
        return (int(match.group(1)), match.group(2)) if self.source == Provenance.NEWS and match else None

    def refresh_search_text(self) -> None:
        parts = [self.title, self.description, self.okpd2_id or "", self.climate_version,
                 " ".join(self.materials or []), " ".join(self.standards or [])]
        self.search_text = fold(" ".join(parts))


    # Status changes: the rules services ask before changing `status`.
    def can_publish(self) -> bool:
        return self.status != Status.PUBLISHED

    def can_close(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class NeedOutcome(models.TextChoices):
    """How a closed need ended (asked when it is closed)."""
    FOUND_HERE = "found_here", _("поставщик найден здесь")
    FOUND_ELSEWHERE = "found_elsewhere", _("поставщик найден в другом месте")
    CANCELLED = "cancelled", _("потребность отменена")


class Need(Posting):
    """Потребность: what an organization wants made or supplied, with its technical requirements.
    A closed need keeps how it ended (`outcome`) and, when the supplier was found here, the response."""

    outcome = models.CharField(_("итог"), max_length=16, choices=NeedOutcome.choices, blank=True)
    outcome_response = models.ForeignKey("Response", verbose_name=_("отклик, по которому найден поставщик"),
                                         null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)

    class Meta(Posting.Meta):
        verbose_name = _("потребность")
        verbose_name_plural = _("потребности")
        indexes = [models.Index(fields=["status", "visibility"])]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cooperation:need", args=[self.pk])


class Offer(Posting):
    """Предложение: what a supplier offers to make or do, with the conditions it can meet."""

    class Meta(Posting.Meta):
        verbose_name = _("предложение")
        verbose_name_plural = _("предложения")
        indexes = [models.Index(fields=["status", "visibility"])]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cooperation:offer", args=[self.pk])


class ResponseStatus(models.TextChoices):
    NEW = "new", _("новый")
    DISCUSSION = "discussion", _("обсуждается")
    ACCEPTED = "accepted", _("принят")
    DECLINED = "declined", _("отклонён")


class Response(models.Model):
    """A supplier organization's answer to a need: a proposal, optionally a price and terms; then
    its status (the need's side decides) and a thread of messages between the two sides."""

    need = models.ForeignKey(Need, verbose_name=_("потребность"), on_delete=models.CASCADE,
                             related_name="responses")
    organization = models.ForeignKey(Organization, verbose_name=_("организация-поставщик"),
                                     on_delete=models.CASCADE, related_name="need_responses")
    text = models.TextField(_("предложение"), validators=[MaxLengthValidator(DESCRIPTION_MAX)])
    price = models.DecimalField(_("цена, руб."), max_digits=16, decimal_places=2, null=True, blank=True)
    terms = models.CharField(_("условия и сроки"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("статус"), max_length=10, choices=ResponseStatus.choices,
                              default=ResponseStatus.NEW)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["need", "organization"], name="uniq_response_per_org")]
        verbose_name = _("отклик")
        verbose_name_plural = _("отклики")

    def __str__(self) -> str:
        return f"{self.organization} → {self.need}"

    def clean(self) -> None:
        if self.price is not None and self.price < 0:
            raise ValidationError({"price": ValidationError(_("Цена не может быть отрицательной"),
                                                            code=CoopError.INVALID_VALUE)})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cooperation:response", args=[self.pk])


class ResponseSide(models.TextChoices):
    NEED = "need", _("сторона потребности")
    RESPONDER = "responder", _("откликнувшаяся сторона")


class ResponseMessage(models.Model):
    """One message of a response's thread, written for one of the two sides."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(_("сторона"), max_length=10, choices=ResponseSide.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField(_("сообщение"), validators=[MaxLengthValidator(DESCRIPTION_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("сообщение по отклику")
        verbose_name_plural = _("сообщения по откликам")

    def __str__(self) -> str:
        return self.text[:80]


class SearchTarget(models.TextChoices):
    NEEDS = "needs", _("потребности")
    OFFERS = "offers", _("предложения")
    ALL = "all", _("потребности и предложения")


class SavedSearch(models.Model):
    """A user's standing query: newly published needs/offers that match it become notifications."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("название"), max_length=200)
    text = models.CharField(_("что ищем"), max_length=500, blank=True)
    target = models.CharField(_("где искать"), max_length=10, choices=SearchTarget.choices,
                              default=SearchTarget.NEEDS)
    region = models.ForeignKey(Region, verbose_name=_("регион организации"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    okpd2_prefix = models.CharField(_("код ОКПД2 (начало)"), max_length=16, blank=True)
    kind = models.CharField(_("форма кооперации"), max_length=20, choices=CooperationKind.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("сохранённый поиск")
        verbose_name_plural = _("сохранённые поиски")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.text.strip() and not self.okpd2_prefix.strip():
            raise ValidationError({"text": ValidationError(
                _("Укажите слова для поиска или код ОКПД2"), code=CoopError.EMPTY_SEARCH)})


class Notification(models.Model):
    """An in-app notice for one user: a posting matched a saved search, a need got a response; for a
    regional officer also another region's need that the region's companies match, and a response to
    a need of the region."""

    class Kind(models.TextChoices):
        SEARCH_MATCH = "search_match", _("совпадение с сохранённым поиском")
        RESPONSE = "response", _("отклик на потребность")
        REMINDER = "reminder", _("напоминание")
        REGION_MATCH = "region_match", _("потребность для предприятий региона")
        REGION_RESPONSE = "region_response", _("отклик в регионе")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The text in the site's language; pages and the API word `message_id` + `params` in the reader's
    # language instead (`text`, cooperation/notices.py). Rows made before message ids show `message`.
    message = models.CharField(max_length=500)
    message_id = models.CharField(max_length=40, blank=True)
    params = models.JSONField(default=dict, blank=True)
    saved_search = models.ForeignKey(SavedSearch, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="notifications")
    need = models.ForeignKey(Need, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Where the notice leads when it is about something other than a need or offer (a stalled deal).
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")

    def __str__(self) -> str:
        return self.message

    @property
    def text(self) -> str:
        """What the notification says, in the active (the reader's) language."""
        from .notices import text_of  # notices reads this module's choices

        return text_of(self.message_id, self.params, self.message)

    def target_url(self) -> str:
        if self.link:
            return self.link
        if self.need_id:
            return self.need.get_absolute_url()
        if self.offer_id:
            return self.offer.get_absolute_url()
        return ""


class MatchProposal(models.Model):
    """A partner the matcher proposed for a published need (first time only): what the analytics
    count as "matches proposed". Regions are copied so a period's figures stay as they were."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="proposals")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="match_proposals")
    need_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    partner_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()
    proposed_at = models.DateTimeField()

    class Meta:
        ordering = ["-proposed_at", "rank"]
        constraints = [models.UniqueConstraint(fields=["need", "organization"], name="uniq_proposal_per_org")]
        indexes = [models.Index(fields=["proposed_at"])]
        verbose_name = _("предложенный партнёр")
        verbose_name_plural = _("предложенные партнёры")

    def __str__(self) -> str:
        return f"{self.need_id} → {self.organization_id}"
