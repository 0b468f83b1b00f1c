"""Capabilities of one demo organization: products with typed parameters
(materials, working temperatures, climate version, standards, capacity),
services and ТЗ competences, drawn from `catalog.py` with the caller's
random.Random. Called by `generator.py`.
"""
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from .catalog import COLD, FAMILY_BY_KEY, INDOOR, OUTDOOR, PARK_SERVICE, Family, Material, Product, competence_okpd2
from .titles import Titles
from .types import DemoCapability


@dataclass(frozen=True, slots=True)
class Maker:
    """What the capabilities of one organization depend on."""

    family: Family
    cold: bool            # rated for −60 °C and below (ХЛ/УХЛ)
    prototypes: bool      # makes prototypes to the customer's specification
    okpo: str             # 8 digits, used in the org's own ТУ numbers
    certifications: tuple[str, ...]
    variety: random.Random | None = None  # draws the title wordings, apart from the registry's stream
    titles: Titles | None = None  # the registry's titles so far (titles.py); None keeps the catalogue's names


def signed(t: int) -> str:
    """A temperature with its sign, as written in specifications.

    >>> signed(-60), signed(0), signed(40)
    ('-60', '0', '+40')
    """
    return f"+{t}" if t > 0 else str(t)


def round_capacity(value: float) -> int:
    """Two significant digits, as plants state their capacity.

    >>> round_capacity(1234567), round_capacity(87.4), round_capacity(5)
    (1200000, 87, 5)
    """
    if value < 10:
        return max(1, round(value))
    step = 10 ** (int(math.floor(math.log10(value))) - 1)
    return int(round(value / step) * step)


def group_digits(n: int) -> str:
    """Thousands separated by spaces, as Russian texts write them.

    >>> group_digits(1200000)
    '1 200 000'
    """
    return f"{n:,}".replace(",", " ")


def _capacity(rng: random.Random, product: Product) -> int:
    lo, hi = product.capacity
    return round_capacity(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _applications(rng: random.Random, family: Family) -> str:
    if not family.applications:
        return ""
    k = 1 if len(family.applications) == 1 or rng.random() < 0.6 else 2
    return ", ".join(rng.sample(family.applications, k))


def _own_tu(rng: random.Random, product: Product, maker: Maker) -> str:
    """A technical-conditions number in the current form: ОКПД2 group, serial, ОКПО, year."""
    group = competence_okpd2(product.okpd2)
    return f"ТУ {group}-{rng.randint(1, 40):03d}-{maker.okpo}-{rng.randint(2008, 2024)}"


def _temperatures(rng: random.Random, family: Family, product: Product, cold: bool):
    """(materials, temp_min, temp_max, climate version, placement category)."""
    if family.climate == "material":
        materials: tuple[Material, ...] = product.materials or family.materials
        pool = [m for m in materials if (m.temp_min <= -60) == cold] or list(materials)
        mat = rng.choice(pool)
        if mat.temp_min <= -60:
            version = rng.choice(COLD)
        elif mat.temp_min <= -45:
            version = "У"
        else:
            version = ""
        return [mat.name], mat.temp_min, mat.temp_max, version, 1
    names = list(family.materials)
    chosen = rng.sample(names, min(len(names), rng.randint(1, 2))) if names else []
    if family.climate in ("outdoor", "indoor"):
        if cold:
            climate = rng.choice([c for c in OUTDOOR if c.version in COLD])
            temp_min = rng.choice((-60, -60, -60, -65, -70))
            if family.cold_materials:
                first = rng.choice(family.cold_materials)
                chosen = [first] + [m for m in chosen if m != first][:1]
        else:
            table = OUTDOOR if family.climate == "outdoor" else INDOOR
            climate = rng.choices(table, weights=[c.weight for c in table])[0]
            temp_min = climate.temp_min
        return chosen, temp_min, climate.temp_max, climate.version, climate.category
    return chosen, None, None, "", 0


def product_capability(rng: random.Random, family: Family, product: Product, maker: Maker, *,
                       cold: bool, prototypes: bool) -> DemoCapability:
    name = rng.choice(product.names)
    materials, tmin, tmax, version, category = _temperatures(rng, family, product, cold)
    if version in COLD or version == "Т":
        name = f"{name}, исполнение {version}{category}"
    standards = list(product.standards)
    extra = [s for s in family.standards if s not in standards]
    if extra:
        standards += rng.sample(extra, min(len(extra), rng.randint(0, 2)))
    if version:
        standards.append("ГОСТ 15150-69")
    if rng.random() < 0.5:
        standards.append(_own_tu(rng, product, maker))
    capacity = _capacity(rng, product)
    certs = tuple(c for c in maker.certifications if rng.random() < 0.8)

    label = "Обрабатываемые материалы" if family.kind == "service" else "Материалы"
    parts = [f"{name}."]
    if apps := _applications(rng, family):
        parts.append(f"Для {apps}.")
    if materials:
        parts.append(f"{label}: {', '.join(materials)}.")
    if tmin is not None:
        climate = f", климатическое исполнение {version}{category} по ГОСТ 15150-69" if version else ""
        parts.append(f"Рабочие температуры от {signed(tmin)} до {signed(tmax)} °C{climate}.")
    if tmin is not None and tmin <= -60:
        parts.append("Предназначены для эксплуатации в условиях Крайнего Севера и Арктики.")
    if family.key == "machining":
        grade, roughness, diameter = rng.choice(("6", "7", "8")), rng.choice(("0,4", "0,8", "1,6")), rng.choice(
            (320, 500, 800, 1250))
        parts.append(f"Точность до {grade}-го квалитета, шероховатость до Ra {roughness} мкм, "
                     f"заготовки диаметром до {diameter} мм.")
    elif family.key == "casting":
        parts.append(f"Масса отливок от {rng.choice(('0,1', '0,5', '2'))} до {rng.choice((50, 300, 1500, 5000))} кг.")
    if standards:
        parts.append(f"Соответствие: {', '.join(standards)}.")
    if prototypes:
        parts.append("Изготовление опытных образцов по ТЗ заказчика.")
    parts.append(f"Производственная мощность — {group_digits(capacity)} {product.unit}.")
    return DemoCapability(
        kind=family.kind, name=name, description=" ".join(parts), okpd2=product.okpd2, temp_min_c=tmin,
        temp_max_c=tmax, climate_version=version, materials=tuple(materials), standards=tuple(standards),
        certifications=certs, annual_capacity=Decimal(capacity), capacity_unit=product.unit,
        prototypes_to_spec=prototypes,
    )


def spec_competence(rng: random.Random, maker: Maker, okpd2: str, coldest: int | None) -> DemoCapability:
    """«Разработка и изготовление … по ТЗ заказчика» for a maker of prototypes."""
    family = maker.family
    name = f"Разработка и изготовление {family.spec_work} по ТЗ заказчика"
    parts = [f"{name}: разработка конструкторской документации, подбор материалов, изготовление и "
             "испытания опытных образцов, постановка на серийное производство."]
    temp_min = version = None
    if maker.cold and coldest is not None and coldest <= -60:
        temp_min, version = coldest, rng.choice(COLD)
        parts.append(f"Опыт исполнений {version}1 для эксплуатации при температурах до {signed(coldest)} °C, "
                     "в том числе в арктических условиях.")
    parts.append(f"Срок изготовления опытной партии — от {rng.choice((2, 3, 4, 6, 8))} недель.")
    return DemoCapability(
        kind="competence", name=name, description=" ".join(parts), okpd2=competence_okpd2(okpd2),
        temp_min_c=temp_min, climate_version=version or "", prototypes_to_spec=True,
        certifications=maker.certifications,
    )


def park_capability(rng: random.Random, *, area_ha: Decimal, free_sites: int) -> DemoCapability:
    power = rng.choice((5, 10, 15, 25, 40, 60))
    gas = rng.choice((500, 1000, 2500, 5000))
    parts = [f"{PARK_SERVICE.names[0]} на территории индустриального парка площадью "
             f"{str(area_ha).replace('.', ',')} га; свободных площадок — {free_sites}.",
             f"Подведены электроснабжение ({power} МВт), газ ({gas} м³/ч), водоснабжение и водоотведение.",
             "Возможно строительство производственных корпусов под задачи резидента."]
    return DemoCapability(kind="service", name=PARK_SERVICE.names[0], description=" ".join(parts),
                          okpd2=PARK_SERVICE.okpd2)


def capabilities_for(rng: random.Random, maker: Maker, count: int) -> tuple[DemoCapability, ...]:
    """`count` distinct capabilities: mostly the maker's own family, some related products and
    services, and a ТЗ competence for makers of prototypes. The first one carries the maker's
    cold rating and prototype flag, so a cold prototype maker always shows both on one product."""
    family = maker.family
    related = [FAMILY_BY_KEY[k] for k in family.related if k in FAMILY_BY_KEY]
    related_products = [f for f in related if f.kind == "product"]
    related_services = [f for f in related if f.kind == "service"]
    caps: list[DemoCapability] = []
    names: set[str] = set()
    used_products: set[str] = set()

    def add(cap: DemoCapability) -> None:
        if cap.name not in names:
            names.add(cap.name)
            caps.append(cap)

    def own_product(first: bool) -> None:
        fresh = [p for p in family.products if p.okpd2 not in used_products] or list(family.products)
        product = rng.choice(fresh)
        used_products.add(product.okpd2)
        cold = maker.cold and (first or rng.random() < 0.7)
        prototypes = maker.prototypes and (first or rng.random() < 0.6)
        add(product_capability(rng, family, product, maker, cold=cold, prototypes=prototypes))

    own_product(first=True)
    want_competence = maker.prototypes and bool(family.spec_work) and family.kind != "competence"
    for _ in range(count * 3):
        if len(caps) >= count:
            break
        r = rng.random()
        if want_competence and r < 0.35:
            coldest = min((c.temp_min_c for c in caps if c.temp_min_c is not None), default=None)
            add(spec_competence(rng, maker, caps[0].okpd2 or family.products[0].okpd2, coldest))
            want_competence = False
        elif r < 0.55 and related_services and family.kind == "product":
            other = rng.choice(related_services)
            add(product_capability(rng, other, rng.choice(other.products), maker, cold=False, prototypes=False))
        elif r < 0.7 and related_products:
            other = rng.choice(related_products)
            add(product_capability(rng, other, rng.choice(other.products), maker,
                                   cold=maker.cold and rng.random() < 0.5, prototypes=False))
        else:
            own_product(first=False)
    if maker.variety is not None and maker.titles is not None:
        caps = maker.titles.retitle(caps, maker.variety)
    return tuple(caps)
