"""The demo's deals and agreements: the story's deal at serial supply, a spread in every stage (some
lost, some stalled), agreements in every status; a re-run adds nothing and never writes over or brings
back what a person changed or deleted."""
import datetime as dt

import pytest
from django.utils import timezone

from factories import make_user
from promkoop.accounts.models import Role
from promkoop.agreements import services as agreement_services
from promkoop.agreements.models import Agreement, AgreementEvent, Status
from promkoop.deals import services as deal_services
from promkoop.deals.models import OPEN_STAGES, PIPELINE, Deal, DealEvent, Stage
from promkoop.demo import seed_article
from promkoop.demo.load import load_demo
from promkoop.demo.records import is_demo
from promkoop.demo.story import STORY_MAKER, seed_offer_maker
from promkoop.demo.story_deals import deal_catalogue

SIZE = 300
pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    return {"deals": sorted(Deal.objects.values_list("pk", "stage", "subject", "updated_at")),
            "history": DealEvent.objects.count(),
            "agreements": sorted(Agreement.objects.values_list("pk", "status", "title", "updated_at")),
            "agreement_history": AgreementEvent.objects.count()}


def test_story_deal_goes_from_the_visit_to_serial_supply():
    load_demo(SIZE, 2025)
    maker = seed_offer_maker()
    assert maker.short_name == STORY_MAKER and maker.region_id == "74"
    deal = Deal.objects.get(buyer__name=seed_article.ROSLAVL_BRAKES)
    assert deal.supplier == maker and deal.stage == Stage.SERIAL_SUPPLY and is_demo(deal)
    assert (deal.started_on, deal.contract_date, deal.first_delivery_date) == (
        dt.date(2025, 11, 15), dt.date(2026, 6, 5), dt.date(2026, 9, 14))
    assert deal.documents.count() == 3 and deal.comments.count() == 4


def test_spread_has_every_stage_lost_reasons_stalled_deals_and_crosses_regions():
    load_demo(SIZE, 2025)
    deals = list(Deal.objects.all())
    assert len(deals) >= 50
    stages = {d.stage for d in deals}
    assert set(PIPELINE) | {Stage.LOST} <= stages
    lost = [d for d in deals if d.stage == Stage.LOST]
    assert len(lost) >= 8 and all(d.lost_reason and d.lost_at_stage for d in lost)
    month_ago = timezone.now() - dt.timedelta(days=30)
    stalled = [d for d in deals if d.stage in OPEN_STAGES and d.stage_changed_at < month_ago]
    assert 2 <= len(stalled) <= 6
    assert all(d.buyer_region_id != d.supplier_region_id for d in deals)
    assert all(d.first_delivery_date for d in deals if d.stage == Stage.SERIAL_SUPPLY)
    assert set(DealEvent.objects.values_list("channel", flat=True)) == {"demo"}
    assert len(deal_catalogue()["deals"]) >= 55


def test_agreements_in_every_status_the_regions_one_linked_to_the_visit():
    stats = load_demo(SIZE, 2025)
    assert set(Agreement.objects.values_list("status", flat=True)) == set(Status.values)
    regional = Agreement.objects.get(kind="region_region", status=Status.IN_FORCE)
    assert set(regional.regions.values_list("code", flat=True)) == {"67", "74"}
    assert regional.events.filter(pk=stats.story.events["event:seed-visit"]).exists()
    assert regional.document and regional.date_signed == dt.date(2025, 11, 15)
    expired = Agreement.objects.get(status=Status.EXPIRED)
    assert list(expired.history.filter(kind="status").values_list("to_status", flat=True)) == ["in_force", "expired"]
    assert set(AgreementEvent.objects.values_list("channel", flat=True)) == {"demo"}


def test_second_run_adds_nothing():
    load_demo(SIZE, 2025)
    before = _snapshot()
    stats = load_demo(SIZE, 2025)
    assert stats.story.created == [] and stats.story.kept == []
    assert _snapshot() == before


def test_a_persons_moves_edits_and_deletions_are_kept_on_rerun():
    load_demo(SIZE, 2025)
    officer = make_user("off67", Role.OFFICER, region_id="67")
    open_deal = Deal.objects.filter(stage=Stage.NEGOTIATION).order_by("pk").first()
    open_deal = deal_services.move_deal(open_deal, Stage.LOST, reason="Решили не продолжать", acting_user=officer)
    gone = Deal.objects.filter(stage=Stage.CONTACT).order_by("pk").first()
    gone_subject = gone.subject
    gone.delete()
    regional = Agreement.objects.get(kind="region_region", status=Status.IN_FORCE)
    agreement_services.update_agreement(regional, {"title": "Соглашение (редакция министерства)"},
                                        acting_user=officer)
    own = deal_services.create_deal(buyer=open_deal.buyer, supplier=open_deal.supplier, subject="Своя сделка",
                                    acting_user=officer)
    count = Deal.objects.count()

    stats = load_demo(SIZE, 2025)

    open_deal.refresh_from_db()
    regional.refresh_from_db()
    assert open_deal.stage == Stage.LOST and open_deal.lost_reason == "Решили не продолжать"
    assert regional.title == "Соглашение (редакция министерства)"
    assert Deal.objects.count() == count and not Deal.objects.filter(subject=gone_subject, pk=gone.pk).exists()
    assert Deal.objects.get(pk=own.pk).subject == "Своя сделка" and not is_demo(own)
    assert len(stats.story.kept) >= 3
