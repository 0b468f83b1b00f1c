"""The organizations and people named in the founding article
(`data/seed-article.txt`), with only what the article says about them: no ИНН,
no invented products, no addresses.

They are real, so they are recorded as source="manual" with the article as
source_ref, never as demo data. `load.py` creates the missing ones and leaves
existing records alone.
"""
from dataclasses import dataclass
from pathlib import Path

ARTICLE_PATH = Path(__file__).with_name("data") / "seed-article.txt"
ARTICLE_TITLE = "Смоленщина и Южный Урал укрепляют промышленное сотрудничество"
ARTICLE_REF = (f"Статья «{ARTICLE_TITLE}», пресс-служба правительства Смоленской области, 15.11.2025")
_VISIT = "В ноябре 2025 года предприятие посетила делегация промышленников Челябинской области."


@dataclass(frozen=True, slots=True)
class SeedCapability:
    name: str
    okpd2: str | None


@dataclass(frozen=True, slots=True)
class SeedOrganization:
    name: str
    kind: str
    region_code: str
    city: str | None = None
    short_name: str = ""
    description: str = ""
    capabilities: tuple[SeedCapability, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SeedPerson:
    full_name: str
    position: str
    region_code: str
    organization: str | None = None


ROSLAVL_BRAKES = "Рославльские тормозные системы"
GOVERNMENT = "Правительство Смоленской области"

ORGANIZATIONS: tuple[SeedOrganization, ...] = (
    SeedOrganization(
        ROSLAVL_BRAKES, "enterprise", "67", city="Рославль",
        description=("Предприятие, где в настоящее время реализуются масштабные проекты. Заинтересовано в поставках "
                     "резинотехнических изделий, адаптированных для эксплуатации в арктических условиях при низких "
                     "температурах. " + _VISIT),
    ),
    SeedOrganization(
        "СмолМаш", "enterprise", "67",
        description="Производитель дорожно-строительной, коммунальной и специальной техники. " + _VISIT,
        capabilities=(
            SeedCapability("Дорожно-строительная техника", "28.92"),
            SeedCapability("Коммунальная техника", "29.10.59.130"),
            SeedCapability("Специальная техника", "29.10.59"),
        ),
    ),
    SeedOrganization(
        "Алди", "enterprise", "67",
        description="Один из крупнейших российских производителей мебельной фурнитуры. " + _VISIT,
        # The article does not say what the fittings are made of, so no ОКПД2 code is guessed.
        capabilities=(SeedCapability("Мебельная фурнитура", None),),
    ),
    SeedOrganization(
        "720 ремонтный завод средств обеспечения полётов", "enterprise", "67", description=_VISIT,
    ),
    SeedOrganization(
        "Индустриальный парк «Бахус»", "industrial_park", "67", short_name="Бахус",
        description=("Индустриальный парк. В ноябре 2025 года его посетила делегация промышленников "
                     "Челябинской области."),
        aliases=("Бахус", "«Бахус»"),
    ),
    SeedOrganization("Министерство промышленности и торговли Смоленской области", "authority", "67"),
    SeedOrganization(
        GOVERNMENT, "authority", "67",
        description=("В ноябре 2025 года в правительстве Смоленской области прошёл круглый стол, посвящённый "
                     "укреплению взаимодействия между Смоленской и Челябинской областями."),
    ),
)

PERSONS: tuple[SeedPerson, ...] = (
    SeedPerson("Пётр Илюхин", "Заместитель председателя правительства Смоленской области", "67", GOVERNMENT),
    SeedPerson("Василий Анохин", "Губернатор Смоленской области", "67"),
    SeedPerson("Алексей Текслер", "Губернатор Челябинской области", "74"),
)
