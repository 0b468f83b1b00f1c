"""Deterministic synthetic registry: (size, seed, regions) → DemoOrganization
dataclasses with capabilities and people. Pure Python; `load.py` writes the
result to the database.

The same size, seed and reference regions always give the same records: one
random.Random(seed) is consumed in a fixed order, nothing depends on database
ids, hashing or set order. Organization i depends only on the seed and the
organizations before it, so a larger size extends a smaller one and the loader
can upsert by ИНН. The first records are fixed "anchors" so the founding
scenario can be played at any size: arctic-grade (ХЛ/УХЛ, −60 °C and below)
rubber goods makers in Челябинская область that make prototypes to
specification, more РТИ makers in other regions, and an industrial park.
"""
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from promkoop.registry.inn import inn_check_digits, is_valid_inn, is_valid_ogrn, ogrn_check_digit

from . import naming
from .catalog import EXTRA_OKVED, FAMILIES, FAMILY_BY_KEY, OKVED_BY_OKPD2, PARK_OKVED, Family
from .products import Maker, capabilities_for, group_digits, park_capability, round_capacity
from .seed_article import ORGANIZATIONS as SEED_ORGANIZATIONS
from .titles import Titles
from .types import CityRef, DemoOrganization, DemoPerson, RegionRef

DEFAULT_SIZE = 3000
DEFAULT_SEED = 2025

# Capabilities per enterprise: 1–8, about four on average.
_CAP_COUNTS = (1, 2, 3, 4, 5, 6, 7, 8)
_CAP_WEIGHTS = (6, 13, 21, 22, 17, 11, 6, 4)
PARK_SHARE = 0.025
# The first WIDE_FROM organizations are the base registry the founding story was written against, unchanged;
# the wide families' organizations come after them, more often, to reach their share at the default size.
WIDE_FROM = 1000
WIDE_CATCH_UP = DEFAULT_SIZE / (DEFAULT_SIZE - WIDE_FROM)
# The wide stream's first organizations go round its families this many times before drawing by weight, so
# every trade of the catalogue (every 4-digit ОКПД2 group of divisions 10–33) has makers in the default registry.
WIDE_ROUNDS = 5
NON_PUBLIC_SHARE = 0.10
PEOPLE_SHARE = 0.4
# How much more often makers in a federal district are rated for the cold.
_COLD_FACTOR = {"Сибирский": 1.6, "Дальневосточный": 1.8, "Уральский": 1.5, "Северо-Западный": 1.3,
                "Южный": 0.3, "Северо-Кавказский": 0.2}


@dataclass(frozen=True, slots=True)
class Anchor:
    """A fixed record at the start of every demo registry."""

    region: str
    family: str = ""
    capital: bool = False
    cold: bool | None = None
    prototypes: bool | None = None
    park: bool = False


ANCHORS: tuple[Anchor, ...] = (
    Anchor("74", "rti_molded", capital=True, cold=True, prototypes=True),
    Anchor("74", "rti_hoses", cold=True, prototypes=True),
    Anchor("66", "rti_molded", cold=True, prototypes=True),
    Anchor("16", "rti_sheet", cold=True, prototypes=False),
    Anchor("54", "rti_molded", cold=True, prototypes=True),
    Anchor("59", "rti_belts", cold=False, prototypes=True),
    Anchor("74", park=True, capital=True),
)


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


# Generated names never take the names of the real organizations in the seed article.
_RESERVED_NAMES = {_fold(n) for o in SEED_ORGANIZATIONS for n in (o.name, o.short_name, *o.aliases) if n}


class _Registry:
    """Generation state: the random stream and what has been used so far."""

    def __init__(self, seed: int, regions: Sequence[RegionRef]):
        if not regions:
            raise ValueError("demo generator needs at least one region with cities (run load-reference first)")
        self.rng = random.Random(seed)
        self.regions = sorted(regions, key=lambda r: r.code)
        self.by_code = {r.code: r for r in self.regions}
        self.region_weights = [math.sqrt(sum(c.population or 10_000 for c in r.cities)) for r in self.regions]
        self.city_weights = {r.code: [(c.population or 10_000) ** 0.7 for c in r.cities] for r in self.regions}
        # The families added to widen the registry ("stream": "wide") are drawn from a stream of their own,
        # between the organizations of the base stream: the base families' organizations (the founding
        # story's makers and their rivals) stay the same records in the same order.
        self.base = [f for f in FAMILIES if f.stream == "base"]
        self.wide = [f for f in FAMILIES if f.stream == "wide"]
        self.family_weights = [f.weight for f in self.base]
        self.wide_weights = [f.weight for f in self.wide]
        total = sum(self.family_weights) + sum(self.wide_weights)
        self.wide_share = sum(self.wide_weights) / total if total else 0.0
        self.wide_rng = random.Random(f"wide-{seed}")
        self.wide_count = 0  # organizations the wide stream has given so far
        self.seed = seed
        self.inns: set[str] = set()
        self.ogrns: set[str] = set()
        self.names: set[tuple[str, str]] = set()
        # what the wide stream took: it avoids the base stream's names and numbers, never the reverse, so the
        # base stream draws exactly as it did before the wide families were added
        self.wide_taken: set = set()
        self.in_wide = False
        self.domains: set[str] = set()
        self.enterprises_by_region: dict[str, list[int]] = {}
        self.titles = Titles()  # capability wordings given so far, shared by both streams

    # --- places ---------------------------------------------------------------------
    def region_for(self, index: int, anchor: Anchor | None) -> RegionRef:
        if anchor is not None and anchor.region in self.by_code:
            return self.by_code[anchor.region]
        slot = index - len(ANCHORS)
        if 0 <= slot < len(self.regions):  # every region gets an organization first
            return self.regions[slot]
        return self.rng.choices(self.regions, weights=self.region_weights)[0]

    def city_for(self, region: RegionRef, capital: bool) -> CityRef:
        if capital:
            for city in region.cities:
                if city.is_capital:
                    return city
        return self.rng.choices(region.cities, weights=self.city_weights[region.code])[0]

    def point_near(self, city: CityRef) -> tuple[float, float]:
        radius_km = min(25.0, 1.5 + 12 * math.sqrt((city.population or 10_000) / 1_000_000))
        distance = radius_km * math.sqrt(self.rng.random())
        angle = self.rng.uniform(0, 2 * math.pi)
        lat = city.lat + distance * math.cos(angle) / 111.0
        lon = city.lon + distance * math.sin(angle) / (111.0 * max(0.2, math.cos(math.radians(city.lat))))
        return round(lat, 6), round(lon, 6)

    def address(self, region: RegionRef, city: CityRef) -> str:
        kind, street = self.rng.choice(naming.STREETS)
        street = f"{street} {kind}" if kind in ("ш.", "пер.", "проезд") else f"{kind} {street}"
        parts = []
        if city.name != region.name:
            parts.append(region.name.replace(" область", " обл.").replace("область ", "обл. "))
        parts += [f"г. {city.name}", street, f"д. {self.rng.randint(1, 160)}"]
        r = self.rng.random()
        if r < 0.25:
            parts.append(f"стр. {self.rng.randint(1, 12)}")
        elif r < 0.35:
            parts.append(f"корп. {self.rng.randint(1, 5)}")
        return ", ".join(parts)

    # --- registration numbers -----------------------------------------------------------
    def inn_ogrn(self, region_code: str) -> tuple[str, str]:
        rng = self.rng
        while True:
            office = f"{rng.randint(1, 40):02d}"
            body = f"{region_code}{office}{rng.randint(0, 99_999):05d}"
            inn = body + inn_check_digits(body)
            if inn not in self.inns and is_valid_inn(inn) and not (self.in_wide and inn in self.wide_taken):
                break
        while True:
            year = 2 if rng.random() < 0.3 else rng.randint(3, 24)
            body = f"1{year:02d}{region_code}{office}{rng.randint(0, 99_999):05d}"
            ogrn = body + ogrn_check_digit(body)
            if ogrn not in self.ogrns and is_valid_ogrn(ogrn) and not (self.in_wide and ogrn in self.wide_taken):
                break
        (self.wide_taken if self.in_wide else self.inns).add(inn)
        (self.wide_taken if self.in_wide else self.ogrns).add(ogrn)
        return inn, ogrn

    # --- names ------------------------------------------------------------------------
    def words(self, region: RegionRef) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return naming.REGION_WORDS.get(region.code) or naming.DISTRICT_WORDS.get(
            region.federal_district, (("Региональный",), ("Регион",)))

    def enterprise_name(self, region: RegionRef, family: Family) -> tuple[str, str, str, str]:
        """(full name, short name, legal form, base for the web address), unique within the region."""
        rng = self.rng
        adjectives, stems = self.words(region)
        for attempt in range(12):
            pattern = rng.choices(("compound", "plant", "brand"), weights=(35, 35, 30))[0]
            if pattern == "compound" and family.roots:
                root = rng.choice(family.roots)
                core = rng.choice(stems) + (root if root.isupper() else root.lower())
                form = rng.choices(("ООО", "АО", "ПАО"), weights=(65, 32, 3))[0]
                prefix, web = "", naming.translit(core)
            elif pattern == "plant" and family.plants:
                core = naming.fill_template(rng.choice(family.plants), rng.choice(adjectives))
                form = rng.choices(("АО", "ООО", "ПАО"), weights=(58, 38, 4))[0]
                prefix, web = "", naming.translit(naming.initials_abbreviation(core))
            else:
                core = rng.choice(family.brands) if family.brands else rng.choice(stems) + "пром"
                r = rng.random()
                if r < 0.25:
                    core = f"{core}-{rng.choice(naming.BRAND_SUFFIXES)}"
                elif r < 0.45:
                    core = f"{core}-{rng.choice(stems)}"
                form = "ООО" if rng.random() < 0.85 else "АО"
                prefix = rng.choice(tuple(naming.BRAND_PREFIXES)) if rng.random() < 0.6 else ""
                web = naming.translit(core)
            if attempt >= 8:
                core = f"{core}-{attempt - 6}"
            key = (region.code, _fold(f"{prefix} {core}"))
            if key in self.names or _fold(core) in _RESERVED_NAMES or (self.in_wide and key in self.wide_taken):
                continue
            (self.wide_taken if self.in_wide else self.names).add(key)
            quoted = f"«{core}»"
            short = " ".join(p for p in (form, prefix, quoted) if p)
            full = " ".join(p for p in (naming.LEGAL_FORMS[form], naming.BRAND_PREFIXES.get(prefix, ""), quoted) if p)
            return full, short, form, web
        raise RuntimeError("could not find a free name")  # unreachable: numbered names are always free

    def domain(self, base: str, region_code: str) -> str:
        base = (base or "zavod")[:40]
        candidate, n = base, 1
        while candidate in self.domains:
            n += 1
            candidate = f"{base}{region_code}" if n == 2 else f"{base}{region_code}-{n - 1}"
        self.domains.add(candidate)
        return candidate + ".example"

    def person(self, position: str, domain: str) -> DemoPerson:
        rng = self.rng
        female = rng.random() < 0.22
        surname = rng.choice(naming.SURNAMES)
        patronymic = rng.choice(naming.PATRONYMICS)[1 if female else 0]
        if female:
            first, surname = rng.choice(naming.FEMALE_NAMES), naming.feminine_surname(surname)
        else:
            first = rng.choice(naming.MALE_NAMES)
        email = ""
        if domain and rng.random() < 0.5:
            email = f"{naming.translit(surname)}.{naming.translit(first[0] + patronymic[0])}@{domain}"
        return DemoPerson(full_name=f"{surname} {first} {patronymic}", position=position, email=email)

    def people(self, domain: str, *, director: tuple[str, ...] = naming.POSITIONS_DIRECTOR) -> tuple[DemoPerson, ...]:
        rng = self.rng
        positions = [rng.choice(director)]
        positions += rng.sample(naming.POSITIONS_OTHER, rng.choice((0, 1, 1, 2)))
        return tuple(self.person(p, domain) for p in positions)

    # --- records ----------------------------------------------------------------------
    def organization(self, index: int) -> DemoOrganization:
        anchor = ANCHORS[index] if index < len(ANCHORS) else None
        if self.wide and index >= WIDE_FROM and self.wide_rng.random() < self.wide_share * WIDE_CATCH_UP:
            main, self.rng, self.in_wide = self.rng, self.wide_rng, True
            try:
                region = self.region_for(index, None)
                turn, self.wide_count = self.wide_count, self.wide_count + 1
                family = self.wide[turn % len(self.wide)] if turn < WIDE_ROUNDS * len(self.wide) else None
                return self.enterprise(index, region, None, families=self.wide, weights=self.wide_weights,
                                       family=family)
            finally:
                self.rng, self.in_wide = main, False
        region = self.region_for(index, anchor)
        if anchor is not None:
            is_park = anchor.park
        else:
            is_park = self.rng.random() < PARK_SHARE
        if is_park:
            return self.park(index, region, anchor)
        return self.enterprise(index, region, anchor)

    def enterprise(self, index: int, region: RegionRef, anchor: Anchor | None, *,
                   families: Sequence[Family] | None = None, weights: Sequence[float] | None = None,
                   family: Family | None = None) -> DemoOrganization:
        rng = self.rng
        base = families is None
        if anchor is not None and anchor.family:
            family = FAMILY_BY_KEY[anchor.family]
        elif family is None:
            family = rng.choices(families or self.base, weights=weights or self.family_weights)[0]
        city = self.city_for(region, anchor.capital if anchor else rng.random() < 0.45)
        cold_share = family.arctic_share * _COLD_FACTOR.get(region.federal_district, 1.0)
        cold = anchor.cold if anchor and anchor.cold is not None else rng.random() < cold_share
        prototypes = (anchor.prototypes if anchor and anchor.prototypes is not None
                      else rng.random() < (0.3 if family.spec_work else 0.05))
        full, short, form, web = self.enterprise_name(region, family)
        inn, ogrn = self.inn_ogrn(region.code)
        lat, lon = self.point_near(city)
        domain = self.domain(web, region.code)
        website = f"https://{domain}" if rng.random() < 0.75 else ""
        email = f"{rng.choice(('info', 'info', 'office', 'sales', 'zakaz'))}@{domain}" if rng.random() < 0.85 else ""
        certs = tuple(rng.sample(family.certifications, min(len(family.certifications), rng.randint(0, 2))))
        maker = Maker(family=family, cold=cold, prototypes=prototypes, okpo=f"{rng.randint(0, 99_999_999):08d}",
                      certifications=certs, variety=random.Random(f"variety-{self.seed}-{index}"),
                      titles=self.titles)
        count = rng.choices(_CAP_COUNTS, weights=_CAP_WEIGHTS)[0]
        capabilities = capabilities_for(rng, maker, count)
        extra = {OKVED_BY_OKPD2[c.okpd2] for c in capabilities if c.okpd2 in OKVED_BY_OKPD2} - {family.okved}
        extra.update(code for code in EXTRA_OKVED if code != family.okved and rng.random() < 0.15)
        kind = family.org_kind if family.org_kind != "enterprise" and "институт" in full else "enterprise"
        staff = group_digits(round_capacity(math.exp(rng.uniform(math.log(25), math.log(4000)))))
        parts = [f"{family.activity[0].upper()}{family.activity[1:]}; основная продукция и услуги: "
                 + "; ".join(_lower_first(c.name) for c in capabilities[:3]) + "."]
        if cold:
            parts.append("Выпускает изделия в исполнениях ХЛ и УХЛ для холодного климата (до -60 °C и ниже).")
        if prototypes:
            parts.append("Разрабатывает и изготавливает опытные образцы по ТЗ заказчика.")
        parts.append(f"Численность персонала — около {staff} человек.")
        if certs:
            parts.append(f"Сертификаты: {', '.join(certs)}.")
        persons = self.people(domain) if rng.random() < PEOPLE_SHARE else ()
        is_public = True if anchor is not None else rng.random() >= NON_PUBLIC_SHARE
        if base:  # parks draw residents from the base stream's enterprises, so the wide ones leave them alone
            self.enterprises_by_region.setdefault(region.code, []).append(index)
        return DemoOrganization(
            index=index, kind=kind, name=full, short_name=short, legal_form=form, inn=inn, ogrn=ogrn,
            region_code=region.code, city=city.name, address=self.address(region, city), lat=lat, lon=lon,
            okved_main=family.okved, okved_extra=tuple(sorted(extra)), description=" ".join(parts),
            website=website, email=email, is_public=is_public, capabilities=capabilities, persons=persons,
        )

    def park(self, index: int, region: RegionRef, anchor: Anchor | None) -> DemoOrganization:
        rng = self.rng
        city = self.city_for(region, anchor.capital if anchor else rng.random() < 0.5)
        adjectives, _ = self.words(region)
        park_kind = rng.choice(naming.PARK_KINDS)
        for attempt in range(10):
            title = rng.choice(naming.PARK_NAMES) if rng.random() < 0.6 else rng.choice(adjectives)
            if attempt >= 6:
                title = f"{title}-{attempt - 4}"
            name = f"{park_kind} «{title}»"
            key = (region.code, _fold(name))
            if key not in self.names and _fold(name) not in _RESERVED_NAMES:
                self.names.add(key)
                break
        form = "АО" if rng.random() < 0.55 else "ООО"
        inn, ogrn = self.inn_ogrn(region.code)
        lat, lon = self.point_near(city)
        domain = self.domain(naming.translit(f"park{title}"), region.code)
        area = Decimal(f"{rng.uniform(8, 450):.1f}").quantize(Decimal("0.01"))
        free_sites = rng.randint(0, 25)
        earlier = self.enterprises_by_region.get(region.code, [])
        residents = tuple(sorted(rng.sample(earlier, min(len(earlier), rng.randint(1, 10))))) if earlier else ()
        description = " ".join([
            f"{park_kind} в г. {city.name}: площадь {str(area).replace('.', ',')} га, свободных площадок — "
            f"{free_sites}, резидентов — {len(residents)}.",
            f"Управляющая компания — {naming.LEGAL_FORMS[form].lower()}.",
        ])
        return DemoOrganization(
            index=index, kind="industrial_park", name=name, short_name="", legal_form=form, inn=inn, ogrn=ogrn,
            region_code=region.code, city=city.name, address=self.address(region, city), lat=lat, lon=lon,
            okved_main=PARK_OKVED, okved_extra=(), description=description, website=f"https://{domain}",
            email=f"info@{domain}", is_public=True, park_area_ha=area, park_free_sites=free_sites,
            residents=residents, capabilities=tuple(self.titles.retitle(
                [park_capability(rng, area_ha=area, free_sites=free_sites)],
                random.Random(f"variety-{self.seed}-{index}"), place=city.name)),
            persons=self.people(domain, director=("Управляющий директор", "Генеральный директор управляющей компании")),
        )


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def iter_organizations(size: int, seed: int, regions: Sequence[RegionRef]) -> Iterator[DemoOrganization]:
    """Yield `size` organizations one by one (memory stays flat for large sizes)."""
    if size < 0:
        raise ValueError(f"size must be 0 or more, got {size}")
    registry = _Registry(seed, regions)
    for index in range(size):
        yield registry.organization(index)


def generate(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED, *,
             regions: Sequence[RegionRef]) -> list[DemoOrganization]:
    return list(iter_organizations(size, seed, regions))
