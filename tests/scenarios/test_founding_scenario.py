"""The founding scenario, played end to end in the app on the demo as `make run` leaves it.

`make run` loads the demo (`promkoop demo`: the founding story played through the services)
and queues the matching indexes for the worker (`promkoop reindex --background`). Opening
the app then shows the story: the article «Смоленщина и Южный Урал укрепляют промышленное
сотрудничество» (15.11.2025) with the delegation visit, the enterprises it names linked to
the registry («Рославльские тормозные системы», «СмолМаш», «Алди»), the people (Илюхин,
Анохин, Текслер); the brake plant's published need for arctic-grade rubber goods with
ranked partners in other regions — a Челябинская область maker of arctic-grade РТИ among
the first five, saying which requirements it meets; the Chelyabinsk offer of prototypes to
specification; the two regions' timeline (the 2024 governors' meeting, then the 2025 visit).

Day one is played too: an officer pastes the article on the ingest page and confirms the
need draft on the review page (after an admin removed the demo's copy of the story).

The story then runs to its end: the brake plant's deal with the Chelyabinsk maker the matcher ranks
among the first for its need goes from the visit through the agreed ТЗ, prototype, testing and a
contract to serial supply in 2026, each step in its history; the Smolensk–Chelyabinsk cooperation
agreement is in force and linked to the visit, and shown on the visit's page.

Then the officers' later work: the Smolensk officer plans the visit's route on its page (the planner runs
as a background job and takes the delegation to the brake plant), schedules the B2B session's meetings
(the plant meets the Chelyabinsk maker it asked for), and the KPI page of Смоленская область shows the
meetings and the 2026 serial supply, with Челябинская область as a partner region.
"""
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from promkoop.cooperation.matching import queries
from promkoop.cooperation.models import CooperationKind, Need, Provenance, Status
from promkoop.news.models import Article, DraftStatus, Event, FactType
from factories import SEED_ARTICLE, run_worker
from promkoop.demo import seed_article
from promkoop.registry.models import Organization
from promkoop.accounts.models import Role
from promkoop.accounts.roles import assign_role
from promkoop.background.models import Job, JobState
from promkoop.cooperation.models import Offer

SEED_TXT = SEED_ARTICLE.name
COLD = ("ХЛ", "УХЛ")


@pytest.fixture
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def demo(db, settings, tmp_path):
    """The database as `make run` leaves it: the demo loaded, the indexes built by the worker."""
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", size=600, seed=2025, stdout=open("/dev/null", "w"))
    call_command("reindex", "--background", stdout=open("/dev/null", "w"))
    run_worker()
    job = Job.objects.get(kind="reindex")
    assert job.state == JobState.SUCCEEDED, job.error
    yield


@pytest.fixture
def officer(demo) -> User:
    user = User.objects.create_user("officer67")
    assign_role(user, Role.OFFICER, region="67")
    return user


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _is_arctic_rti(row: dict) -> bool:
    cap = Organization.objects.get(pk=row["organization_id"]).capabilities.get(pk=row["capability_id"])
    rti = (cap.okpd2_id or "").startswith("22.19") or "резинотехн" in cap.name.lower()
    cold = cap.climate_version in COLD or (cap.temp_min_c is not None and cap.temp_min_c <= -50)
    return rti and cold


def _assert_ranked_partners(client, need: Need, viewer, roslavl: Organization) -> None:
    """The need page ranks partners in other regions, an arctic-grade РТИ maker of Челябинская
    область among the first five, each with the requirements it meets."""
    rows = queries.partners_for_need(need, viewer, top=10)
    top5 = rows[:5]
    assert roslavl.pk not in [r["organization_id"] for r in rows]
    assert all(_is_arctic_rti(r) for r in top5), [(r["organization"], r["capability"]) for r in top5]
    chelyabinsk = [r for r in top5 if r["region_code"] == "74" and _is_arctic_rti(r)]
    assert chelyabinsk, [(r["organization"], r["region_code"], r["capability"]) for r in top5]
    met = {c["name"] for c in chelyabinsk[0]["explanation"]["requirements_met"]}
    assert {"temperature", "climate_version"} <= met, chelyabinsk[0]["explanation"]
    need_page = _text(client.get(need.get_absolute_url()))
    partners = need_page.split('id="partners"')[1]
    assert chelyabinsk[0]["organization"] in partners
    assert chelyabinsk[0]["explanation"]["requirements_met"][0]["text"] in partners
    assert 'class="tag demo"' in partners  # the demo's makers are marked as demo records, once, by a badge


def _assert_timeline(client) -> None:
    """The timeline of Смоленская and Челябинская области: the 2024 meeting, then the 2025 visit."""
    response = client.get(reverse("news:timeline"), {"a": "67", "b": "74"})
    timeline = _text(response)
    timeline = timeline[timeline.index('id="timeline"'):]
    assert timeline.index("15.11.2024") < timeline.index("15.11.2025")
    assert [(e.date.year, e.type) for e in response.context["events"]][:2] == [
        (2024, Event.Type.MEETING), (2025, Event.Type.DELEGATION_VISIT)]


def test_the_app_opens_on_the_founding_story(client, demo):
    """What anyone sees on first opening the app after `make run`, before anyone pastes anything."""
    roslavl = Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")
    article = Article.objects.get()
    # the news page lists the article; its page shows the visit, the linked enterprises and the people
    assert article.title in _text(client.get(reverse("news:articles")))
    page = _text(client.get(article.get_absolute_url()))
    assert "визит делегации" in page
    for name in (seed_article.ROSLAVL_BRAKES, "СмолМаш", "Алди"):
        fact = article.facts.get(type=FactType.ORGANIZATION, organization__name=name)
        assert fact.is_linked and fact.organization.get_absolute_url() in page
    for surname in ("Илюхин", "Анохин", "Текслер"):
        assert surname in page
    # the needs page lists the brake plant's confirmed need among the demo's needs
    need = Need.objects.get(organization=roslavl, source=Provenance.NEWS)
    assert (need.status, need.kind, need.climate_version) == (Status.PUBLISHED, CooperationKind.PROTOTYPE, "ХЛ")
    needs_page = _text(client.get(reverse("cooperation:needs")))
    assert need.get_absolute_url() in needs_page
    assert Need.objects.filter(status=Status.PUBLISHED).count() >= 21
    # its page ranks partners in other regions with reasons, for a guest as for anyone
    from django.contrib.auth.models import AnonymousUser
    _assert_ranked_partners(client, need, AnonymousUser(), roslavl)
    # the Chelyabinsk offer of prototypes to specification is published for a Chelyabinsk maker
    offer = Offer.objects.get(source=Provenance.NEWS)
    assert offer.organization.region_id == "74" and offer.kind == CooperationKind.PROTOTYPE
    offer_page = _text(client.get(offer.get_absolute_url()))
    assert offer.organization.display_name in offer_page
    # the brake plant's page names the article; the two regions' timeline tells the story in order
    assert article.get_absolute_url() in _text(client.get(roslavl.get_absolute_url()))
    _assert_timeline(client)
    # the officer's review queue holds the article's links as ingestion left them
    client.force_login(User.objects.create_user("officer67"))
    assign_role(User.objects.get(username="officer67"), Role.OFFICER, region="67")
    assert article.get_absolute_url() in _text(client.get(reverse("news:review")))
    # the events app holds the visit with the enterprises it toured, linked to the article's news event
    from promkoop.events.models import Event as VisitEvent

    visit = VisitEvent.objects.get(kind="delegation_visit", host_region_id="67", start_date="2025-11-14")
    assert visit.end_date.isoformat() == "2025-11-15" and set(visit.region_codes()) == {"67", "74"}
    visited = set(visit.participations.values_list("organization__name", flat=True))
    assert {seed_article.ROSLAVL_BRAKES, "СмолМаш", "Алди"} <= visited
    assert visit.news_events.filter(article=article, type=Event.Type.DELEGATION_VISIT).exists()
    client.logout()
    visit_page = _text(client.get(visit.get_absolute_url()))
    assert visit.title in visit_page and article.get_absolute_url() in visit_page
    assert "СмолМаш" in visit_page


def test_officer_turns_the_article_into_a_published_need_with_ranked_partners(client, officer, seed_text):
    roslavl = Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")
    # given the demo registry without the demo's copy of the story (an admin removed it in the admin)
    Need.objects.filter(source=Provenance.NEWS).delete()
    Offer.objects.filter(source=Provenance.NEWS).delete()
    Article.objects.all().delete()
    client.force_login(officer)

    # when the officer pastes the seed article on the ingest page
    response = client.post(reverse("news:ingest"), {"text": seed_text, "source": SEED_TXT})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()

    # then the article page shows the visit, the enterprises linked to the registry, the people and the need
    page = _text(client.get(article.get_absolute_url()))
    visit = article.events.get(type=Event.Type.DELEGATION_VISIT)
    assert {r.pk for r in visit.regions.all()} >= {"67", "74"}
    assert "визит делегации" in page
    linked = {f.organization.name: f for f in article.facts.filter(type=FactType.ORGANIZATION)
              if f.is_linked}
    for name in (seed_article.ROSLAVL_BRAKES, "СмолМаш", "Алди"):
        assert name in linked, sorted(linked)
        assert linked[name].organization.region_id == "67"
        assert linked[name].organization.get_absolute_url() in page
    people = {f.person.full_name for f in article.facts.filter(type=FactType.PERSON) if f.is_linked}
    for surname in ("Илюхин", "Анохин", "Текслер"):
        assert any(surname in name for name in people), people
        assert surname in page
    draft = article.extractedneeds.get()
    assert draft.organization == roslavl and draft.climate_version in COLD
    assert f'id="draft-need-{draft.pk}"' in page

    # when the officer confirms the need draft on the review page
    review = _text(client.get(reverse("news:review")))
    assert f'id="draft-need-{draft.pk}"' in review
    response = client.post(reverse("news:draft_action", args=["need", draft.pk, "confirm"]),
                           {"next": reverse("news:review")})
    assert response.status_code == 302

    # then a published need of the brake plant exists, from the article, linked from the review and article pages
    need = Need.objects.get(organization=roslavl)
    assert (need.status, need.source, need.kind) == (Status.PUBLISHED, Provenance.NEWS, CooperationKind.PROTOTYPE)
    assert need.climate_version == draft.climate_version and need.temp_min_c == draft.temp_min_c
    draft.refresh_from_db()
    assert (draft.status, draft.need) == (DraftStatus.CONFIRMED, need)
    assert need.get_absolute_url() in _text(client.get(reverse("news:review")))
    assert need.get_absolute_url() in _text(client.get(article.get_absolute_url()))

    # and the need page ranks partners in other regions, with reasons
    _assert_ranked_partners(client, need, officer, roslavl)
    # and the timeline of the two regions shows the 2024 meeting, then the 2025 visit
    _assert_timeline(client)
    # and the demo, run again as `make run` does, neither brings back what the admin removed nor takes
    # over the officer's article
    call_command("demo", size=600, seed=2025, stdout=open("/dev/null", "w"))
    assert list(Article.objects.all()) == [article]
    assert Need.objects.filter(organization=roslavl, source=Provenance.NEWS).get() == need


def test_the_story_runs_to_serial_supply_with_an_agreement_linked_to_the_visit(client, demo):
    """After the demo: the plant's deal with the matcher's Chelyabinsk maker is at serial supply, its
    history telling each step on its day; the two regions' agreement is in force and linked to the visit."""
    import datetime as dt

    from django.contrib.auth.models import AnonymousUser

    from promkoop.agreements.models import Agreement
    from promkoop.deals.models import Deal, DealDocument, DealEvent
    from promkoop.events.models import Event as VisitEvent

    roslavl = Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")
    need = Need.objects.get(organization=roslavl, source=Provenance.NEWS)
    visit = VisitEvent.objects.get(kind="delegation_visit", host_region_id="67", start_date="2025-11-14")
    deal = Deal.objects.get(buyer=roslavl, supplier__region_id="74")
    # the supplier is a Chelyabinsk arctic-grade РТИ maker the matcher ranks among the first five
    top5 = queries.partners_for_need(need, AnonymousUser(), top=5)
    assert deal.supplier_id in [r["organization_id"] for r in top5], [r["organization"] for r in top5]
    assert (deal.origin, deal.origin_need, deal.origin_event) == ("visit_stop", need, visit)
    assert deal.stage == "serial_supply" and deal.contract_number and deal.contract_value_rub > 0
    assert deal.contract_date.year == 2026 and deal.first_delivery_date.year == 2026
    moves = [(h.to_stage, h.at.date()) for h in deal.history.filter(kind=DealEvent.Kind.STAGE)]
    assert [stage for stage, _day in moves] == ["negotiation", "specification", "prototype", "testing", "contract",
                                                "serial_supply"]
    assert [day for _stage, day in moves] == sorted(day for _stage, day in moves)
    assert deal.history.get(kind=DealEvent.Kind.CREATED).at.date() == dt.date(2025, 11, 15)
    assert set(deal.history.values_list("channel", flat=True)) == {"demo"}
    kinds = set(deal.documents.values_list("kind", flat=True))
    assert {DealDocument.Kind.SPECIFICATION, DealDocument.Kind.TEST_REPORT} <= kinds
    spec = deal.documents.get(kind=DealDocument.Kind.SPECIFICATION)
    assert "ХЛ1" in spec.file.open("rb").read().decode()
    # the regions' agreement is in force and linked to the visit, shown on the visit's page to anyone
    agreement = Agreement.objects.get(kind="region_region", regions="67", status="in_force",
                                      events=visit)
    assert set(agreement.regions.values_list("code", flat=True)) == {"67", "74"}
    assert agreement.title in _text(client.get(visit.get_absolute_url()))
    # and the plant's agreement with the maker names their deal
    assert Agreement.objects.filter(kind="enterprise_enterprise", organizations=roslavl, deals=deal).exists()


def test_the_visit_is_planned_meetings_scheduled_and_the_regions_figures_move(client, demo, settings):
    """The officer plans the visit and schedules the B2B meetings through the pages (background jobs run
    by the real worker); the region's KPI page then counts the meetings and the deal at serial supply."""
    from promkoop.analytics.labels import STAGE_LABELS
    from promkoop.deals.models import Deal
    from promkoop.demo.story import seed_offer_maker
    from promkoop.events.models import Event as VisitEvent, Kind as EventKind, Meeting

    settings.ANALYTICS_CACHE_SECONDS = 0
    roslavl = Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")
    officer = User.objects.create_user("officer67-plans")
    assign_role(officer, Role.OFFICER, region="67")
    client.force_login(officer)

    # the visit's route: planned in the background, the delegation taken to the brake plant in region 67
    visit = VisitEvent.objects.get(kind=EventKind.DELEGATION_VISIT, host_region_id="67", start_date="2025-11-14")
    response = client.post(reverse("events:plan_visit", args=[visit.pk]),
                           {"day": "09:00-18:00", "visit_minutes": 90, "lunch": "13:00-14:00"})
    assert response.status_code == 302
    run_worker()
    assert Job.objects.get(kind="plan-visit").state == JobState.SUCCEEDED
    visit.refresh_from_db()
    stops = [s["organization_id"] for d in visit.itinerary["days"] for s in d["stops"]]
    assert roslavl.pk in stops
    assert set(Organization.objects.filter(pk__in=stops).values_list("region_id", flat=True)) == {"67"}
    assert 'id="route-map"' in _text(client.get(visit.get_absolute_url()))

    # the B2B session's meetings: the plant meets the Chelyabinsk maker it asked to meet
    session = VisitEvent.objects.get(kind=EventKind.B2B_SESSION, host_region_id="67")
    kpi_url = reverse("analytics:kpi")
    period = {"from": session.start_date.isoformat(), "to": session.end_date.isoformat(), "region": "67"}
    before = {t["key"]: t["value"] for t in client.get(kpi_url, period).context["tiles"]}
    assert client.post(reverse("events:schedule_b2b", args=[session.pk])).status_code == 302
    run_worker()
    assert Job.objects.get(kind="schedule-b2b").state == JobState.SUCCEEDED
    maker = seed_offer_maker()
    assert maker.region_id == "74"
    pairs = {frozenset((m.a.organization_id, m.b.organization_id)) for m in Meeting.objects.filter(event=session)}
    assert frozenset((roslavl.pk, maker.pk)) in pairs
    # and the region's figures move: the meetings held at the session are counted for Смоленская область
    after = {t["key"]: t["value"] for t in client.get(kpi_url, period).context["tiles"]}
    assert after["meetings_held"] > before["meetings_held"] == 0

    # from the first contact to the contract: the plant's deal with the Chelyabinsk maker is counted at
    # serial supply, with its contract value, and the pair Смоленская — Челябинская carries it
    deal = Deal.objects.get(buyer=roslavl, supplier__region_id="74")
    span = {"from": deal.started_on.isoformat(), "to": deal.contract_date.isoformat(), "region": "67"}
    page = client.get(kpi_url, span)
    stages = {str(label): n for label, n in page.context["stages"]}
    assert stages[str(STAGE_LABELS["serial_supply"])] >= 1
    pair = [p for p in page.context["pairs"] if (p["a"], p["b"]) == ("67", "74")]
    assert pair and pair[0]["deals"] >= 1 and pair[0]["value"] != "0", page.context["pairs"]
