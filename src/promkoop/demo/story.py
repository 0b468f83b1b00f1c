"""The founding story, played through the same services a person would use.

1. The organizations and people the article names are put in the registry (registry
   services), as an officer would before pasting the article.
2. The article is ingested (news ingestion): its facts, links and review queue are as
   ingestion leaves them.
3. The brake plant's need draft is confirmed (news drafts) and so published; the
   Chelyabinsk offer of prototypes to specification is confirmed for a Chelyabinsk maker
   of cold-resistant rubber goods that makes prototypes to order.
4. Other needs and offers (`data/postings.json`) are posted (cooperation services).
5. The events (events services): the visit with the plants it toured and its outcome at the brake
   plant, the round table, the governors' meeting a year before — each linked to the article's news
   event — and a B2B session with registered participants and meeting requests.

Every record is remembered in `DemoRecord` under a stable key. A record a person changed
or deleted since is left alone; an article or organization a person had already entered
is used, never taken over.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from promkoop.cooperation import services as cooperation_services
from promkoop.cooperation.models import Need, Offer, Provenance, Status
from promkoop.events import services as events_services
from promkoop.events.models import Event, MeetingRequest, Outcome, Participation
from promkoop.events.models import Kind as EventKind
from promkoop.events.models import Visibility as EventVisibility
from promkoop.news.drafts import confirm_draft
from promkoop.news.ingest import ingest_article
from promkoop.news.models import Article, DraftStatus, ExtractedNeed, ExtractedOffer
from promkoop.news.models import Event as NewsEvent
from promkoop.registry import services as registry_services
from promkoop.registry.models import Capability, City, Organization, Person, Region, Source, fold

from . import records, seed_article
from .records import State

POSTINGS_FILE = Path(__file__).with_name("data") / "postings.json"
ARTICLE_SOURCE = "Пресс-служба правительства Смоленской области, 15.11.2025"
DEMO_SOURCE_REF = "демо-данные Промкооп"
ORG_FIELDS = ("name", "short_name", "kind", "region_id", "city_id", "description")
PERSON_FIELDS = ("full_name", "position", "organization_id", "region_id")
POSTING_FIELDS = ("title", "description", "okpd2_id", "kind", "temp_min_c", "temp_max_c", "climate_version",
                  "materials", "standards", "quantity", "unit", "deadline", "visibility", "status")
COLD_VERSIONS = ("ХЛ", "УХЛ")


@dataclass
class StoryReport:
    created: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed or deleted by a person: left alone
    article_id: int | None = None
    seed_need_id: int | None = None
    seed_offer_id: int | None = None
    needs: int = 0
    offers: int = 0
    events: dict[str, int] = field(default_factory=dict)  # demo key → event id


_LEGAL_FORM_WORDS = {"ооо", "ао", "пао", "зао", "оао", "нао", "фгуп", "гуп", "муп"}


def name_key(name: str) -> str:
    """A name without case, quotes and a leading legal form, to recognise the same organization.

    >>> name_key("АО «Рославльские тормозные системы»") == name_key("Рославльские Тормозные системы")
    True
    """
    words = fold(name.replace("«", " ").replace("»", " ").replace('"', " ")).split()
    while words and words[0] in _LEGAL_FORM_WORDS:
        words = words[1:]
    return " ".join(words)


def _find_organization(names: set[str], region_code: str) -> Organization | None:
    keys = {name_key(n) for n in names if n}
    for org in Organization.objects.filter(region_id=region_code).only("id", "name", "short_name").order_by("id"):
        if name_key(org.name) in keys or (org.short_name and name_key(org.short_name) in keys):
            return org
    return None


# ----------------------------------------------------------------------- the registry part
def _seed_organization(item: seed_article.SeedOrganization, report: StoryReport) -> Organization | None:
    key = f"organization:{item.name}"
    state, org = records.recall(key, Organization, ORG_FIELDS)
    if state in (State.CHANGED, State.DELETED):
        report.kept.append(key)
        return org
    city = City.objects.filter(region_id=item.region_code, name=item.city).first() if item.city else None
    values = dict(kind=item.kind, name=item.name, short_name=item.short_name, region_id=item.region_code,
                  city=city, description=item.description)
    if state is State.NEW:
        existing = _find_organization({item.name, item.short_name, *item.aliases}, item.region_code)
        if existing is not None:
            return existing  # entered by a person before: used for linking, never changed
        org = registry_services.create_organization(source=Source.DEMO, source_ref=seed_article.ARTICLE_REF,
                                                    **values)
        for cap in item.capabilities:
            registry_services.create_capability(
                org, kind=Capability.Kind.PRODUCT, name=cap.name, okpd2_id=cap.okpd2, source=Source.DEMO,
                description="Указано в статье о визите делегации Челябинской области (15.11.2025).")
        report.created.append(key)
    elif registry_services.update_organization(org, **values):
        report.refreshed.append(key)
    records.remember(key, org, ORG_FIELDS)
    return org


def _seed_person(item: seed_article.SeedPerson, organizations: dict[str, Organization],
                 report: StoryReport) -> None:
    key = f"person:{item.full_name}"
    state, person = records.recall(key, Person, PERSON_FIELDS)
    if state in (State.CHANGED, State.DELETED):
        report.kept.append(key)
        return
    if state is State.NEW:
        if any(fold(n) == fold(item.full_name) for n in Person.objects.filter(
                region_id=item.region_code).values_list("full_name", flat=True)):
            return  # entered by a person before
        person = registry_services.create_person(
            full_name=item.full_name, position=item.position, organization=organizations.get(item.organization),
            region_id=item.region_code, source=Source.DEMO)
        report.created.append(key)
    records.remember(key, person, PERSON_FIELDS)


def load_seed_registry(report: StoryReport) -> dict[str, Organization]:
    organizations = {}
    for item in seed_article.ORGANIZATIONS:
        org = _seed_organization(item, report)
        if org is not None:
            organizations[item.name] = org
    for person in seed_article.PERSONS:
        _seed_person(person, organizations, report)
    return organizations


# ------------------------------------------------------------------------ the article part
def ingest_seed_article(report: StoryReport) -> Article | None:
    key = "article:seed"
    state, article = records.recall(key, Article, ("title", "source"))
    if state is State.DELETED:
        report.kept.append(key)
        return None
    if state is State.NEW:
        article = ingest_article(seed_article.ARTICLE_PATH.read_bytes(), source=ARTICLE_SOURCE,
                                               acting_user=None)
        if not article.is_new:
            report.article_id = article.pk
            return article  # a person had pasted it already: theirs, not the demo's
        records.remember(key, article, ("title", "source"))
        report.created.append(key)
    report.article_id = article.pk
    return article


# The Chelyabinsk maker the matcher ranks first among the region's makers for the brake plant's need on
# the demo registry (--seed 2025; third of all suppliers at --size 3000, see tests/scenarios): the
# article's offer, the visit's guest, the B2B session and the story's deal (story_deals.py) are its.
STORY_MAKER = "ООО ТПК «Полимерпром»"


def seed_offer_maker() -> Organization | None:
    """The Chelyabinsk maker the article's offer is published for: a demo rubber-goods maker of
    Chelyabinsk region with a cold-climate capability made to customers' specifications — STORY_MAKER
    when the registry holds it, else the first by ИНН."""
    caps = Capability.objects.filter(
        organization__region_id="74", organization__source=Source.DEMO, organization__is_public=True,
        okpd2__code__startswith="22.19", prototypes_to_spec=True).filter(
        Q(climate_version__in=COLD_VERSIONS) | Q(temp_min_c__lte=-60))
    ids = list(dict.fromkeys(caps.order_by("organization__inn", "organization_id")
                             .values_list("organization_id", flat=True)))
    if not ids:
        return None
    makers = Organization.objects.in_bulk(ids)
    preferred = [pk for pk in ids if name_key(STORY_MAKER) in (name_key(makers[pk].name),
                                                               name_key(makers[pk].short_name or ""))]
    return makers[(preferred or ids)[0]]


def _confirm(key: str, draft, model, report: StoryReport, organization: Organization | None = None):
    state, posting = records.recall(key, model, POSTING_FIELDS)
    if state is not State.NEW:
        if state is not State.UNTOUCHED:
            report.kept.append(key)
        return posting
    if draft is None or draft.status != DraftStatus.DRAFT:
        return None  # a person confirmed or rejected it already
    confirmed = confirm_draft(draft, acting_user=None, organization=organization)
    posting = confirmed.need if model is Need else confirmed.offer
    records.remember(key, posting, POSTING_FIELDS)
    report.created.append(key)
    return posting


def confirm_seed_drafts(article: Article, organizations: dict[str, Organization], report: StoryReport) -> None:
    roslavl = organizations.get(seed_article.ROSLAVL_BRAKES)
    need_draft = (ExtractedNeed.objects.filter(article=article, organization=roslavl).order_by("id").first()
                  if roslavl else None)
    need = _confirm("need:seed", need_draft, Need, report)
    report.seed_need_id = need.pk if need else None
    offer_draft = ExtractedOffer.objects.filter(article=article, region_id="74").order_by("id").first()
    maker = None if offer_draft is None or offer_draft.organization_id else seed_offer_maker()
    if offer_draft is not None and offer_draft.organization_id is None and maker is None:
        return  # no Chelyabinsk maker in so small a registry: the draft waits in the review queue
    offer = _confirm("offer:seed", offer_draft, Offer, report, organization=maker)
    report.seed_offer_id = offer.pk if offer else None


# ------------------------------------------------------------------------ other postings
@cache
def posting_catalogue() -> dict:
    return json.loads(POSTINGS_FILE.read_text(encoding="utf-8"))


def _owner(spec: dict) -> Organization | None:
    """The posting's organization: by its activity, in its region, else in its federal district,
    else anywhere (a small registry lacks many region–industry pairs); ordered by ИНН, so the
    same --seed gives the same owners."""
    demo = Organization.objects.filter(source=Source.DEMO, is_public=True, kind=Organization.Kind.ENTERPRISE,
                                       okved_main__code__startswith=spec["owner_okved"]).order_by("inn", "id")
    district = Region.objects.filter(code=spec["region"]).values_list("federal_district", flat=True).first()
    return (demo.filter(region_id=spec["region"]).first()
            or demo.filter(region__federal_district=district).first() or demo.first())


def _posting_values(spec: dict) -> dict:
    values = {k: spec.get(k) for k in ("title", "description", "kind", "temp_min_c", "temp_max_c", "unit")}
    values.update(
        okpd2_id=spec.get("okpd2"), climate_version=spec.get("climate_version", ""),
        materials=list(spec.get("materials", [])), standards=list(spec.get("standards", [])),
        quantity=Decimal(str(spec["quantity"])) if spec.get("quantity") is not None else None,
        deadline=dt.date.fromisoformat(spec["deadline"]) if spec.get("deadline") else None,
        unit=spec.get("unit", ""), visibility=spec["visibility"])
    return values


def post_demo_postings(report: StoryReport) -> None:
    catalogue = posting_catalogue()
    kinds = (("needs", Need, cooperation_services.create_need, cooperation_services.update_need),
             ("offers", Offer, cooperation_services.create_offer, cooperation_services.update_offer))
    for section, model, create, update in kinds:
        for spec in catalogue[section]:
            key = f"{model.__name__.lower()}:{spec['key']}"
            state, posting = records.recall(key, model, POSTING_FIELDS)
            if state in (State.CHANGED, State.DELETED):
                report.kept.append(key)
                continue
            values = _posting_values(spec)
            if state is State.NEW:
                owner = _owner(spec)
                if owner is None:
                    continue  # a registry too small to hold such a maker (tiny --size)
                posting = create(owner, acting_user=None, publish=True, source=Provenance.DEMO,
                                 source_ref=DEMO_SOURCE_REF, **values)
                report.created.append(key)
            elif update(posting, acting_user=None, **values):
                report.refreshed.append(key)
            records.remember(key, posting, POSTING_FIELDS)
    report.needs = Need.objects.filter(status=Status.PUBLISHED).count()
    report.offers = Offer.objects.filter(status=Status.PUBLISHED).count()


def play(report: StoryReport | None = None) -> StoryReport:
    """The whole story; call inside a transaction after the registry is loaded."""
    report = report or StoryReport()
    organizations = load_seed_registry(report)
    article = ingest_seed_article(report)
    if article is not None:
        confirm_seed_drafts(article, organizations, report)
    post_demo_postings(report)
    play_events(article, organizations, report)
    return report


# ------------------------------------------------------------------------ the events part
VISIT_KEY, ROUND_TABLE_KEY, GOVERNORS_KEY, B2B_KEY = (
    "event:seed-visit", "event:seed-round-table", "event:governors-2024", "event:b2b-session")
EVENT_FIELDS = ("kind", "title", "description", "host_region_id", "start_date", "end_date", "city_id", "venue",
                "organizer_id", "visibility", "outcomes", "b2b_tables")
VISITED = (seed_article.ROSLAVL_BRAKES, "СмолМаш", "Алди", "720 ремонтный завод средств обеспечения полётов",
           "Индустриальный парк «Бахус»")
B2B_DAY = dt.date(2027, 3, 12)  # upcoming: members can still ask for meetings
B2B_SESSIONS = ((10, 0), (14, 0))  # each session: six 20-minute slots from this time
B2B_OWNERS = 6  # demo organizations with needs, and as many with offers, join the B2B session


def _capital(region_code: str) -> City | None:
    return City.objects.filter(region_id=region_code, is_regional_capital=True).first()


def _news_events(article: Article | None, *types: str) -> list:
    if article is None:
        return []
    return list(NewsEvent.objects.filter(article=article, type__in=types).order_by("id"))


def _demo_event(key: str, values: dict, report: StoryReport, *, guest_regions, persons=(), news_events=()):
    """The event the demo keeps under `key`: created, refreshed while untouched; None when a person
    changed or deleted it (then nothing more is added to it)."""
    state, event = records.recall(key, Event, EVENT_FIELDS)
    if state in (State.CHANGED, State.DELETED):
        report.kept.append(key)
        return None
    if state is State.NEW:
        event = events_services.create_event(acting_user=None, guest_regions=guest_regions, persons=persons,
                                             news_events=news_events, **values)
        report.created.append(key)
    elif events_services.update_event(event, acting_user=None, **values):
        report.refreshed.append(key)
    events_services.link_news_events(event, news_events)
    records.remember(key, event, EVENT_FIELDS)
    report.events[key] = event.pk
    return event


def _participate(event: Event, key: str, organization: Organization | None, role: str,
                 report: StoryReport) -> Participation | None:
    if organization is None:
        return None
    key = f"{key}:participant:{organization.pk}"
    state, participation = records.recall(key, Participation, ("role", "status"))
    if state is State.DELETED:
        report.kept.append(key)
        return None
    if state is State.NEW:
        participation = event.participations.filter(organization=organization).first()
        if participation is not None:
            return participation  # registered by a person: theirs
        participation = events_services.register_participant(event, organization, role=role,
                                                              status=Participation.Status.CONFIRMED)
        records.remember(key, participation, ("role", "status"))
        report.created.append(key)
    return participation


def _request(event: Event, key: str, a: Participation | None, b: Participation | None, weight: int, note: str,
             report: StoryReport) -> None:
    if a is None or b is None or a.pk == b.pk:
        return
    key = f"{key}:request:{a.organization_id}:{b.organization_id}"
    state, _request_row = records.recall(key, MeetingRequest, ("weight", "note"))
    if state is not State.NEW or MeetingRequest.objects.filter(requester=a, target=b).exists():
        return
    row = events_services.request_meeting(event, a, b, weight=weight, note=note)
    records.remember(key, row, ("weight", "note"))
    report.created.append(key)


def _visit(article, organizations: dict[str, Organization], report: StoryReport) -> None:
    values = dict(
        kind=EventKind.DELEGATION_VISIT, title="Визит делегации промышленников Челябинской области",
        description=("Представители отраслей промышленности Южного Урала, от тяжёлого машиностроения до "
                     "производства комплектующих, знакомятся с промышленным потенциалом Смоленской области: "
                     "посещение предприятий, переговоры о кооперации, круглый стол в правительстве области."),
        host_region_id="67", start_date=dt.date(2025, 11, 14), end_date=dt.date(2025, 11, 15),
        city=_capital("67"), venue="Предприятия Смоленской области",
        organizer=organizations.get("Министерство промышленности и торговли Смоленской области"),
        visibility=EventVisibility.PUBLIC, outcomes="", b2b_tables=0)
    event = _demo_event(VISIT_KEY, values, report, guest_regions=["74"],
                        news_events=_news_events(article, "delegation_visit", "negotiations"))
    if event is None:
        return
    for name in VISITED:
        _participate(event, VISIT_KEY, organizations.get(name), Participation.Role.HOST, report)
    _participate(event, VISIT_KEY, seed_offer_maker(), Participation.Role.GUEST, report)
    roslavl = organizations.get(seed_article.ROSLAVL_BRAKES)
    key = "outcome:seed-visit:roslavl"
    state, _outcome = records.recall(key, Outcome, ("result", "next_step", "note"))
    if roslavl is not None and state is State.NEW and not Outcome.objects.filter(
            event=event, stop_organization=roslavl).exists():
        outcome = events_services.record_outcome(
            event, stop_organization=roslavl, result=Outcome.Result.FOLLOW_UP,
            next_step="Опытные образцы резинотехнических изделий для Арктики по техническим требованиям",
            note=("Предприятие заинтересовано в поставках РТИ, адаптированных для эксплуатации в арктических "
                  "условиях при низких температурах; челябинские специалисты готовы разработать и изготовить "
                  "опытные образцы."))
        records.remember(key, outcome, ("result", "next_step", "note"))
        report.created.append(key)


def _round_table(article, organizations: dict[str, Organization], report: StoryReport) -> None:
    government = organizations.get(seed_article.GOVERNMENT)
    values = dict(
        kind=EventKind.ROUND_TABLE, title="Круглый стол о взаимодействии Смоленской и Челябинской областей",
        description=("Круглый стол, посвящённый укреплению взаимодействия между регионами: представители органов "
                     "власти, промышленных предприятий и общественных организаций обеих областей."),
        host_region_id="67", start_date=dt.date(2025, 11, 15), end_date=dt.date(2025, 11, 15),
        city=_capital("67"), venue="Правительство Смоленской области", organizer=government,
        visibility=EventVisibility.PUBLIC, outcomes="", b2b_tables=0)
    persons = Person.objects.filter(full_name="Пётр Илюхин", region_id="67")
    event = _demo_event(ROUND_TABLE_KEY, values, report, guest_regions=["74"], persons=persons,
                        news_events=_news_events(article, "round_table"))
    if event is not None:
        _participate(event, ROUND_TABLE_KEY, government, Participation.Role.HOST, report)


def _governors_meeting(article, report: StoryReport) -> None:
    values = dict(
        kind=EventKind.GOVERNORS_MEETING, title="Рабочая встреча губернаторов Смоленской и Челябинской областей",
        description="Губернаторы Василий Анохин и Алексей Текслер обсудили перспективы сотрудничества регионов.",
        host_region_id="74", start_date=dt.date(2024, 11, 15), end_date=dt.date(2024, 11, 15),
        city=_capital("74"), venue="Челябинск", organizer=None, visibility=EventVisibility.PUBLIC, outcomes="",
        b2b_tables=0)
    persons = Person.objects.filter(full_name__in=["Василий Анохин", "Алексей Текслер"])
    _demo_event(GOVERNORS_KEY, values, report, guest_regions=["67"], persons=persons,
                news_events=_news_events(article, "meeting"))


def _posting_owners(model) -> list[Organization]:
    ids = (model.objects.filter(source=Provenance.DEMO, status=Status.PUBLISHED)
           .order_by("organization__inn", "organization_id").values_list("organization_id", flat=True))
    return list(Organization.objects.filter(pk__in=list(dict.fromkeys(ids))[:B2B_OWNERS]).order_by("inn", "id"))


def _b2b_session(organizations: dict[str, Organization], report: StoryReport) -> None:
    buyers, suppliers = _posting_owners(Need), _posting_owners(Offer)
    maker = seed_offer_maker()
    guest_regions = sorted({o.region_id for o in [*buyers, *suppliers, *([maker] if maker else [])]} - {"67"})
    values = dict(
        kind=EventKind.B2B_SESSION, title="B2B-сессия «Смоленщина — Южный Урал»: кооперация для Арктики",
        description=("Переговоры один на один по заранее согласованным запросам: заказчики с потребностями и "
                     "поставщики с предложениями."),
        host_region_id="67", start_date=B2B_DAY, end_date=B2B_DAY, city=_capital("67"),
        venue="Смоленск, выставочный центр", organizer=organizations.get(seed_article.GOVERNMENT),
        visibility=EventVisibility.PUBLIC, outcomes="", b2b_tables=6)
    event = _demo_event(B2B_KEY, values, report, guest_regions=guest_regions)
    if event is None:
        return
    if not event.slots.exists():
        zone = ZoneInfo(settings.TIME_ZONE)
        slots = [{"label": f"s{n * 6 + i + 1}", "session": n + 1, "minutes": 20,
                  "starts_at": dt.datetime.combine(B2B_DAY, dt.time(h, m), tzinfo=zone) + dt.timedelta(minutes=20 * i)}
                 for n, (h, m) in enumerate(B2B_SESSIONS) for i in range(6)]
        events_services.configure_b2b(event, tables=6, slots=slots)
    roslavl = _participate(event, B2B_KEY, organizations.get(seed_article.ROSLAVL_BRAKES), Participation.Role.HOST,
                           report)
    smolmash = _participate(event, B2B_KEY, organizations.get("СмолМаш"), Participation.Role.HOST, report)
    guest = _participate(event, B2B_KEY, maker, Participation.Role.GUEST, report)
    buyer_rows = [_participate(event, B2B_KEY, o, Participation.Role.GUEST, report) for o in buyers]
    supplier_rows = [_participate(event, B2B_KEY, o, Participation.Role.GUEST, report) for o in suppliers]
    _request(event, B2B_KEY, roslavl, guest, 3, "РТИ для Арктики: опытные образцы по ТЗ", report)
    _request(event, B2B_KEY, guest, roslavl, 2, "Опытные образцы РТИ по техническим требованиям", report)
    _request(event, B2B_KEY, guest, smolmash, 1, "РТИ для дорожной и коммунальной техники", report)
    for i, buyer in enumerate(buyer_rows):
        for supplier in (supplier_rows[i % len(supplier_rows)], supplier_rows[(i + 1) % len(supplier_rows)]) \
                if supplier_rows else ():
            _request(event, B2B_KEY, buyer, supplier, 1 + (i % 2), "Поставки по опубликованной потребности", report)


def play_events(article: Article | None, organizations: dict[str, Organization], report: StoryReport) -> None:
    """The article's visit, its round table, the governors' meeting a year before (each linked to the
    article's news event) and a B2B session with registered participants and meeting requests."""
    _visit(article, organizations, report)
    _round_table(article, organizations, report)
    _governors_meeting(article, report)
    _b2b_session(organizations, report)
