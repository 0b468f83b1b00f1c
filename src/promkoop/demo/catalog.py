"""Industrial product families the demo registry is drawn from.

The families are data (`data/catalog.json`, format in `data/README.md`); this
module owns their dataclasses and `load_catalog`, which reads the file, checks
it and builds them. Each family names real ОКПД2 codes (checked against
data/classifiers/okpd2.csv by the tests), the main ОКВЭД2 activity of its
makers, product name patterns, typical materials with their working
temperatures, standards (ГОСТ, ТУ), climate versions per ГОСТ 15150-69,
capacity units, and the words company names are built from. Read by
`generator.py` and `products.py`.
"""
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .types import DataFileError, Fields, read_json

CATALOG_FILE = Path(__file__).with_name("data") / "catalog.json"

CLIMATES = ("material", "outdoor", "indoor", "none")
KINDS = ("product", "service", "competence")
ORG_KINDS = ("enterprise", "research")
STREAMS = ("base", "wide")


@dataclass(frozen=True, slots=True)
class Material:
    """A material whose grade sets the working temperature range (rubber, plastics)."""

    name: str
    temp_min: int
    temp_max: int


@dataclass(frozen=True, slots=True)
class Product:
    """One product line: an ОКПД2 code, ways to name it, and its output."""

    okpd2: str
    names: tuple[str, ...]
    unit: str
    capacity: tuple[int, int]
    standards: tuple[str, ...] = ()
    materials: tuple[Material, ...] = ()  # overrides the family's materials when set
    variants: tuple[str, ...] = ()  # parameters one maker adds to the name («DN 50–1000, PN 16–160»)


@dataclass(frozen=True, slots=True)
class Climate:
    """A climate version and placement category per ГОСТ 15150-69 with its working range."""

    version: str
    category: int
    temp_min: int
    temp_max: int
    weight: float


@dataclass(frozen=True, slots=True)
class Family:
    """A product family: what its makers produce and how they are called.

    `climate` is "material" (the range comes from the material grade, and
    `materials` holds `Material`s), "outdoor" or "indoor" (from a climate
    version) or "none" (no range); for the last three `materials` are names.
    Name templates in `plants` take an adjective agreed in gender:
    {m} masculine, {f} feminine, {n} neuter, {p} plural.
    """

    key: str
    activity: str
    okved: str
    weight: float
    products: tuple[Product, ...]
    materials: tuple = ()
    standards: tuple[str, ...] = ()
    climate: str = "none"
    applications: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    roots: tuple[str, ...] = ()
    plants: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    kind: str = "product"
    arctic_share: float = 0.0
    cold_materials: tuple[str, ...] = ()
    spec_work: str = ""
    org_kind: str = "enterprise"
    stream: str = "base"  # "wide": drawn from a random stream of its own (generator.py), see data/README.md


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything `catalog.json` holds, as dataclasses."""

    families: tuple[Family, ...]
    outdoor: tuple[Climate, ...]      # outdoor equipment (placement category 1)
    indoor: tuple[Climate, ...]       # equipment in heated rooms (categories 3–4)
    cold_versions: tuple[str, ...]    # the versions rated for −60 °C: ХЛ, УХЛ
    park_service: Product             # the rental service every industrial park offers
    park_okved: str
    extra_okved: tuple[str, ...]      # activities often registered next to the main one
    family_by_key: dict[str, Family] = field(init=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "family_by_key", {f.key: f for f in self.families})


@cache
def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    """Read and check a catalogue file (each path once per process); DataFileError names the broken
    family, product and field."""
    return _CatalogReader(path).catalog()


class _CatalogReader:
    """Builds the dataclasses from the JSON tree, resolving the shared tables by name."""

    def __init__(self, path: Path):
        self.top = Fields(read_json(path), "", path)
        self.rated = {name: self._material(name, value)
                      for name, value in self.top.mapping("materials").items()}
        material_sets = self.top.child(self.top.mapping("material_sets", {}), "material_sets")
        self.material_sets = {name: self._material_set(material_sets, name) for name in material_sets.data}
        certification_sets = self.top.child(self.top.mapping("certification_sets", {}), "certification_sets")
        self.certification_sets = {name: certification_sets.texts(name) for name in certification_sets.data}
        self.common = self.top.mapping("common", {})

    # --- shared tables ------------------------------------------------------------------
    def _material(self, name: str, value: object) -> Material:
        entry = self.top.child(value, f"material {name!r}")
        material = Material(name, entry.integer("temp_min"), entry.integer("temp_max"))
        entry.finish()
        if material.temp_min > material.temp_max:
            raise entry.error("temp_min", f"{material.temp_min} is above temp_max {material.temp_max}")
        return material

    def _material_set(self, sets: Fields, name: str) -> tuple[Material, ...]:
        names = sets.texts(name)
        if unknown := [n for n in names if n not in self.rated]:
            raise sets.error(name, f"not in the materials table: {', '.join(unknown)}")
        return tuple(self.rated[n] for n in names)

    def _rated_materials(self, entry: Fields, *, rated: bool) -> tuple:
        """`materials` (names) or `material_set` (a set's name); names resolve to `Material`s when `rated`."""
        if entry.has("materials") and entry.has("material_set"):
            raise entry.error("material_set", "give either materials or material_set, not both")
        if entry.has("material_set"):
            name = entry.text("material_set")
            if name not in self.material_sets:
                raise entry.error("material_set", f"unknown material set {name!r}")
            if not rated:
                raise entry.error("material_set", "material sets are rated materials; climate must be 'material'")
            return self.material_sets[name]
        names = entry.texts("materials", ())
        if not rated:
            return names
        if unknown := [n for n in names if n not in self.rated]:
            raise entry.error("materials", f"not in the materials table (with temperatures): {', '.join(unknown)}")
        return tuple(self.rated[n] for n in names)

    # --- entries ----------------------------------------------------------------------
    def _product(self, entry: Fields, *, rated: bool) -> Product:
        if not rated and (own := next((f for f in ("materials", "material_set") if entry.has(f)), None)):
            raise entry.error(own, "products have materials of their own only in families with climate 'material'")
        capacity = entry.raw("capacity")
        if (not isinstance(capacity, list) or len(capacity) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in capacity)
                or capacity[0] > capacity[1]):
            raise entry.error("capacity", f"must be [low, high], two positive integers, low ≤ high; got {capacity!r}")
        product = Product(okpd2=entry.text("okpd2"), names=entry.texts("names"), unit=entry.text("unit"),
                          capacity=(capacity[0], capacity[1]), standards=entry.texts("standards", ()),
                          materials=self._rated_materials(entry, rated=rated),
                          variants=entry.texts("variants", ()))
        if not product.names:
            raise entry.error("names", "must name the product at least once")
        entry.finish()
        return product

    def _family(self, index: int, data: object) -> Family:
        key = data.get("key") if isinstance(data, dict) else None
        entry = self.top.child(data, f"family {key!r}" if isinstance(key, str) else f"family #{index + 1}")
        if entry.has("common"):
            name = entry.text("common")
            if not isinstance(self.common.get(name), dict):
                raise entry.error("common", f"unknown common field group {name!r}")
            if overlap := sorted(set(self.common[name]) & set(entry.data)):
                raise entry.error(overlap[0], f"is already set by common group {name!r}")
            entry.data = {**self.common[name], **entry.data}
        climate = entry.choice("climate", CLIMATES, "none")
        rated = climate == "material"
        products = []
        for i, item in enumerate(entry.items("products")):
            okpd2 = item.get("okpd2") if isinstance(item, dict) else None
            products.append(self._product(entry.child(item, f"product {okpd2 or '#' + str(i + 1)}"), rated=rated))
        if not products:
            raise entry.error("products", "must list at least one product")
        certifications = []
        for name in entry.texts("certification_sets", ()):
            if name not in self.certification_sets:
                raise entry.error("certification_sets", f"unknown certification set {name!r}")
            certifications += self.certification_sets[name]
        family = Family(
            key=entry.text("key"), activity=entry.text("activity"), okved=entry.text("okved"),
            weight=entry.number("weight"), products=tuple(products),
            materials=self._rated_materials(entry, rated=rated), standards=entry.texts("standards", ()),
            climate=climate, applications=entry.texts("applications", ()),
            certifications=tuple(certifications) + entry.texts("certifications", ()),
            roots=entry.texts("roots", ()), plants=entry.texts("plants", ()), brands=entry.texts("brands", ()),
            related=entry.texts("related", ()), kind=entry.choice("kind", KINDS, "product"),
            arctic_share=entry.number("arctic_share", 0.0), cold_materials=entry.texts("cold_materials", ()),
            spec_work=entry.text("spec_work", ""), org_kind=entry.choice("org_kind", ORG_KINDS, "enterprise"),
            stream=entry.choice("stream", STREAMS, "base"),
        )
        if rated and not (family.materials or all(p.materials for p in family.products)):
            raise entry.error("materials", "climate 'material' needs rated materials for every product")
        for template in family.plants:
            try:
                template.format(m="", f="", n="", p="")
            except (KeyError, IndexError, ValueError):
                raise entry.error("plants", f"{template!r}: only {{m}}, {{f}}, {{n}}, {{p}} may be filled in") from None
        entry.finish()
        return family

    def _climates(self, entry: Fields, field_name: str) -> tuple[Climate, ...]:
        climates = []
        for i, item in enumerate(entry.items(field_name)):
            c = entry.child(item, f"{field_name} climate #{i + 1}")
            climate = Climate(c.text("version"), c.integer("category"), c.integer("temp_min"), c.integer("temp_max"),
                              c.number("weight"))
            c.finish()
            climates.append(climate)
        if not climates:
            raise entry.error(field_name, "must list at least one climate version")
        return tuple(climates)

    def catalog(self) -> Catalog:
        top = self.top
        families = tuple(self._family(i, data) for i, data in enumerate(top.items("families")))
        keys = [f.key for f in families]
        if duplicates := sorted({k for k in keys if keys.count(k) > 1}):
            raise top.error("families", f"family keys appear more than once: {', '.join(duplicates)}")
        for family in families:
            if unknown := [k for k in family.related if k not in keys]:
                raise DataFileError(f"{top.source.name}: family {family.key!r}, field 'related': "
                                    f"unknown families {', '.join(unknown)}")
        climates = top.child(top.raw("climates"), "climates")
        park = top.child(top.raw("park"), "park")
        catalog = Catalog(
            families=families, outdoor=self._climates(climates, "outdoor"), indoor=self._climates(climates, "indoor"),
            cold_versions=climates.texts("cold_versions"),
            park_service=self._product(park.child(park.raw("service"), "service"), rated=False),
            park_okved=park.text("okved"), extra_okved=top.texts("extra_okved", ()),
        )
        for part in (climates, park, top):
            part.finish()
        return catalog


CATALOG = load_catalog()
FAMILIES: tuple[Family, ...] = CATALOG.families
FAMILY_BY_KEY: dict[str, Family] = CATALOG.family_by_key
OUTDOOR = CATALOG.outdoor
INDOOR = CATALOG.indoor
COLD = CATALOG.cold_versions
PARK_SERVICE = CATALOG.park_service
PARK_OKVED = CATALOG.park_okved
EXTRA_OKVED = CATALOG.extra_okved
# The ОКВЭД2 activity of the family that makes each product (the first family listing it).
OKVED_BY_OKPD2: dict[str, str] = {}
for _family in FAMILIES:
    for _product in _family.products:
        OKVED_BY_OKPD2.setdefault(_product.okpd2, _family.okved)
del _family, _product
# Rubber technical goods (РТИ): the families of ОКВЭД2 22.19 «Производство прочих резиновых изделий».
RTI_FAMILIES = tuple(f.key for f in FAMILIES if f.okved == "22.19")


def all_okpd2_codes() -> list[str]:
    """Every ОКПД2 code the catalog can assign (for checking against the classifier)."""
    codes = {p.okpd2 for f in FAMILIES for p in f.products} | {PARK_SERVICE.okpd2}
    return sorted(codes)


def all_okved2_codes() -> list[str]:
    return sorted({f.okved for f in FAMILIES} | {PARK_OKVED, *EXTRA_OKVED})


def competence_okpd2(code: str) -> str:
    """The class (5-level, e.g. 22.19.73) a product code belongs to; used for ТЗ competences."""
    return ".".join(code.split(".")[:3])[:8]


# The 4-digit ОКПД2 groups of the manufacturing divisions 10–33 the catalogue leaves out on purpose, with the
# reason: a cooperating manufacturer does not offer them on an open registry. Every other group has products
# (checked by tests/registry/test_demo.py; listed by bench/catalog_coverage.py).
SKIPPED_GROUPS: dict[str, str] = {
    "24.46": "ядерное топливо: государственная монополия (ТВЭЛ), оборот вне открытого рынка",
    "25.40": "оружие и боеприпасы: лицензируемый оборот, не предлагается в открытом реестре",
    "30.40": "боевые военные машины: гособоронзаказ, не предлагаются в открытом реестре",
    "20.51": "взрывчатые вещества: лицензируемый оборот, не предлагаются в открытом реестре",
    "32.11": "монеты: чеканит только Гознак по заказу Банка России",
}


def group_counts(families=None) -> dict[str, int]:
    """Product lines per 4-digit ОКПД2 group (NN.NN) over the catalogue's families."""
    counts: dict[str, int] = {}
    for family in FAMILIES if families is None else families:
        for product in family.products:
            counts[product.okpd2[:5]] = counts.get(product.okpd2[:5], 0) + 1
    return counts
