"""Registry tables: reference data (regions, cities, classifiers) and the
organizations, capabilities and persons the platform matches.

Writes to Organization, Capability and Person go through `services.py`;
reference tables are written only by `reference.py`.
"""
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import RegistryError
from .inn import is_valid_inn, is_valid_ogrn


def fold(text: str) -> str:
    """Lower-case, ё→е: the key for case-insensitive search that works for
    Cyrillic on SQLite too (its LIKE folds ASCII only).

    >>> fold("Рославльские ТОРМОЗНЫЕ системы, Ёлка")
    'рославльские тормозные системы, елка'
    """
    return " ".join((text or "").lower().replace("ё", "е").split())


LEGAL_FORMS = frozenset({"ао", "пао", "зао", "оао", "ооо", "нао", "ип", "фгуп", "гуп", "муп", "ано", "нко"})
_NAME_WORD = re.compile(r"[^\W\d_]+")


def acronym(name: str) -> str:
    """The initials of a name's words as people shorten it, legal forms and short words left out.

    >>> acronym("АО «Рославльские тормозные системы»"), acronym("Завод"), acronym("ООО «Уралмаш»")
    ('ртс', '', '')
    """
    words = [w for w in _NAME_WORD.findall(fold(name)) if w not in LEGAL_FORMS and len(w) > 2]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


class FoldedSearchText:
    """Keeps a model's `search_text` (what its `refresh_search_text` folds together) in step on every save."""

    fields_saved_with_search_text: tuple[str, ...] = ("search_text",)

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | set(self.fields_saved_with_search_text)
        super().save(*args, **kwargs)


class Region(models.Model):
    code = models.CharField(_("код"), max_length=2, primary_key=True)
    name = models.CharField(_("название"), max_length=120)
    short_name = models.CharField(_("краткое название"), max_length=80)
    type = models.CharField(_("тип"), max_length=40)
    federal_district = models.CharField(_("федеральный округ"), max_length=40, blank=True)
    iso_code = models.CharField(max_length=10, blank=True)
    okato = models.CharField(max_length=11, blank=True)
    timezone = models.CharField(_("часовой пояс"), max_length=10, blank=True)
    capital = models.CharField(_("столица"), max_length=80, blank=True)
    capital_lat = models.FloatField(null=True, blank=True)
    capital_lon = models.FloatField(null=True, blank=True)
    capital_population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")

    def __str__(self) -> str:
        return self.name


class RegionAlias(models.Model):
    class Kind(models.TextChoices):
        CAPITAL = "capital", _("столица")
        INFORMAL = "informal", _("неофициальное название")
        DEMONYM = "demonym", _("название жителей")
        ADJECTIVE = "adjective", _("прилагательное")

    alias = models.CharField(max_length=80)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    ambiguous = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alias", "region", "kind"], name="uniq_region_alias")]

    def __str__(self) -> str:
        return f"{self.alias} → {self.region_id}"


class City(models.Model):
    name = models.CharField(_("название"), max_length=80)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="cities")
    lat = models.FloatField()
    lon = models.FloatField()
    population = models.PositiveIntegerField(null=True, blank=True)
    is_regional_capital = models.BooleanField(default=False)
    okato = models.CharField(max_length=11, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "region"], name="uniq_city_in_region")]
        verbose_name = _("город")
        verbose_name_plural = _("города")

    def __str__(self) -> str:
        return self.name


class ClassifierEntry(models.Model):
    """A node of a hierarchical state classifier (ОКВЭД2, ОКПД2)."""

    code = models.CharField(_("код"), max_length=16, primary_key=True)
    name = models.TextField(_("наименование"))
    section = models.CharField(_("раздел"), max_length=1)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField()
    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def ancestors(self) -> list["ClassifierEntry"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


class Okved2(ClassifierEntry):
    class Meta(ClassifierEntry.Meta):
        verbose_name = _("код ОКВЭД2")
        verbose_name_plural = _("ОКВЭД2")


class Okpd2(ClassifierEntry):
    class Meta(ClassifierEntry.Meta):
        verbose_name = _("код ОКПД2")
        verbose_name_plural = _("ОКПД2")


class Source(models.TextChoices):
    MANUAL = "manual", _("вручную")
    IMPORT = "import", _("импорт файла")
    NEWS = "news", _("новостная статья")
    DEMO = "demo", _("демо-данные")


def demo_organization_ids(ids) -> set[int]:
    """Which of the organizations `ids` are demo records (for lists of rows that are not Organizations)."""
    return set(Organization.objects.filter(pk__in=set(ids), source=Source.DEMO).values_list("pk", flat=True))


def validate_inn(value: str) -> None:
    if value and not is_valid_inn(value):
        raise ValidationError(_("Неверный ИНН %(value)s: нужно 10 или 12 цифр с верной контрольной суммой"),
                              code=RegistryError.INVALID_INN, params={"value": value})


def validate_ogrn(value: str) -> None:
    if value and not is_valid_ogrn(value):
        raise ValidationError(_("Неверный ОГРН %(value)s: нужно 13 или 15 цифр с верной контрольной цифрой"),
                              code=RegistryError.INVALID_OGRN, params={"value": value})


class Organization(FoldedSearchText, models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("предприятие")
        INDUSTRIAL_PARK = "industrial_park", _("индустриальный парк")
        AUTHORITY = "authority", _("орган власти")
        ASSOCIATION = "association", _("объединение")
        RESEARCH = "research", _("научная организация")
        OTHER = "other", _("другое")

    kind = models.CharField(_("тип"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    name = models.CharField(_("наименование"), max_length=300)
    short_name = models.CharField(_("краткое наименование"), max_length=150, blank=True)
    legal_form = models.CharField(_("организационно-правовая форма"), max_length=60, blank=True)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True, validators=[validate_inn])
    ogrn = models.CharField(_("ОГРН"), max_length=15, blank=True, validators=[validate_ogrn])
    region = models.ForeignKey(Region, verbose_name=_("регион"), on_delete=models.PROTECT,
                               related_name="organizations")
    city = models.ForeignKey(City, verbose_name=_("город"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="organizations")
    address = models.CharField(_("адрес"), max_length=400, blank=True)
    lat = models.FloatField(_("широта"), null=True, blank=True)
    lon = models.FloatField(_("долгота"), null=True, blank=True)
    okved_main = models.ForeignKey(Okved2, verbose_name=_("основной ОКВЭД2"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="main_for")
    okved_extra = models.ManyToManyField(Okved2, verbose_name=_("дополнительные ОКВЭД2"), blank=True,
                                         related_name="extra_for")
    description = models.TextField(_("описание"), blank=True, max_length=10000)
    website = models.URLField(_("сайт"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    is_public = models.BooleanField(_("публичный профиль"), default=True)
    source = models.CharField(_("источник"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(_("ссылка на источник"), max_length=300, blank=True)
    # Industrial parks only.
    park_area_ha = models.DecimalField(_("площадь, га"), max_digits=10, decimal_places=2, null=True, blank=True)
    park_free_sites = models.PositiveIntegerField(_("свободных площадок"), null=True, blank=True)
    residents = models.ManyToManyField("self", verbose_name=_("резиденты"), symmetrical=False, blank=True,
                                       related_name="parks")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inn"], condition=~models.Q(inn=""), name="uniq_org_inn"),
        ]
        # updated_at: the matching index's and the search memo's stamps read its maximum on every query
        # name, id: the list's order, read in index order instead of sorting every row for each page
        indexes = [models.Index(fields=["region", "kind"]), models.Index(fields=["updated_at"]),
                   models.Index(fields=["name", "id"]), models.Index(fields=["is_public"])]
        verbose_name = _("организация")
        verbose_name_plural = _("организации")

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_demo(self) -> bool:
        """Written by `promkoop demo`: the one mark of demo records (pages show a «демо» badge,
        registry/_demo_badge.html); their texts carry none."""
        return self.source == Source.DEMO

    def refresh_search_text(self) -> None:
        self.search_text = fold(" ".join([self.name, self.short_name, acronym(self.name), self.inn,
                                          self.description]))

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registry:organization", args=[self.pk])

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        if self.city_id:
            return self.city.lat, self.city.lon
        if self.region.capital_lat is not None:
            return self.region.capital_lat, self.region.capital_lon
        return None


class ClimateVersion(models.TextChoices):
    """Climate versions per ГОСТ 15150-69."""

    U = "У", _("У — умеренный климат")
    UHL = "УХЛ", _("УХЛ — умеренный и холодный")
    HL = "ХЛ", _("ХЛ — холодный климат")
    TV = "ТВ", _("ТВ — влажный тропический")
    TS = "ТС", _("ТС — сухой тропический")
    T = "Т", _("Т — тропический")
    O = "О", _("О — общеклиматическое")  # noqa: E741
    M = "М", _("М — морской умеренно-холодный")
    TM = "ТМ", _("ТМ — морской тропический")
    OM = "ОМ", _("ОМ — морское общеклиматическое")
    V = "В", _("В — всеклиматическое")


class Capability(FoldedSearchText, models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("продукция")
        SERVICE = "service", _("услуга")
        COMPETENCE = "competence", _("компетенция")

    organization = models.ForeignKey(Organization, verbose_name=_("организация"), on_delete=models.CASCADE,
                                     related_name="capabilities")
    kind = models.CharField(_("вид"), max_length=12, choices=Kind.choices, default=Kind.PRODUCT)
    name = models.CharField(_("наименование"), max_length=500)
    description = models.TextField(_("описание"), blank=True, max_length=10000)
    okpd2 = models.ForeignKey(Okpd2, verbose_name=_("ОКПД2"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="capabilities")
    temp_min_c = models.IntegerField(_("мин. рабочая температура, °C"), null=True, blank=True)
    temp_max_c = models.IntegerField(_("макс. рабочая температура, °C"), null=True, blank=True)
    climate_version = models.CharField(_("климатическое исполнение (ГОСТ 15150)"), max_length=3,
                                       choices=ClimateVersion.choices, blank=True)
    materials = models.JSONField(_("материалы"), default=list, blank=True)
    standards = models.JSONField(_("стандарты (ГОСТ, ТУ, ISO)"), default=list, blank=True)
    annual_capacity = models.DecimalField(_("годовая мощность"), max_digits=14, decimal_places=2, null=True,
                                          blank=True)
    capacity_unit = models.CharField(_("единица мощности"), max_length=30, blank=True)
    prototypes_to_spec = models.BooleanField(_("опытные образцы по ТЗ заказчика"), default=False)
    certifications = models.JSONField(_("сертификаты"), default=list, blank=True)
    source = models.CharField(_("источник"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization_id", "name", "id"]
        indexes = [models.Index(fields=["updated_at"])]
        verbose_name = _("возможность")
        verbose_name_plural = _("возможности")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.temp_min_c is not None and self.temp_max_c is not None and self.temp_min_c > self.temp_max_c:
            raise ValidationError(
                {"temp_min_c": ValidationError(_("Минимальная температура %(a)s °C выше максимальной %(b)s °C"),
                                               code=RegistryError.TEMP_RANGE, params={"a": self.temp_min_c,
                                                                          "b": self.temp_max_c})})

    def refresh_search_text(self) -> None:
        parts = [self.name, self.description, self.okpd2_id or "", self.climate_version,
                 " ".join(self.materials or []), " ".join(self.standards or [])]
        self.search_text = fold(" ".join(parts))


class Person(models.Model):
    full_name = models.CharField(_("ФИО"), max_length=200)
    position = models.CharField(_("должность"), max_length=300, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("организация"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="people")
    region = models.ForeignKey(Region, verbose_name=_("регион"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="people")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    source = models.CharField(_("источник"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("персона")
        verbose_name_plural = _("персоны")

    def __str__(self) -> str:
        return self.full_name
