"""Partners shown for a published need are recorded once as match proposals (what the analytics
count as "matches proposed"); a draft need records nothing, a second showing changes nothing."""
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promkoop.cooperation import services
from promkoop.cooperation.matching import queries
from promkoop.cooperation.models import MatchProposal


def test_published_need_records_shown_partners_once(roslavl, arctic_rti, plain_rti, need_values):
    need = services.create_need(roslavl, publish=True, **need_values)
    rows = queries.partners_for_need(need, AnonymousUser())
    proposals = list(MatchProposal.objects.filter(need=need).order_by("rank"))
    assert [p.organization_id for p in proposals] == [r["organization_id"] for r in rows]
    first = proposals[0]
    assert (first.need_region_id, first.partner_region_id, first.rank) == ("67", "74", 1)
    assert first.score == rows[0]["score"]
    # given the same partners shown again later, then the first proposal is kept as it was
    queries.partners_for_need(need, AnonymousUser())
    again = list(MatchProposal.objects.filter(need=need).order_by("rank"))
    assert [(p.pk, p.proposed_at) for p in again] == [(p.pk, p.proposed_at) for p in proposals]


def test_recording_is_one_insert(roslavl, arctic_rti, plain_rti, need_values):
    need = services.create_need(roslavl, publish=True, **need_values)
    rows = queries.partners_for_need(need, AnonymousUser())
    with CaptureQueriesContext(connection) as ctx:
        queries.record_proposals(need, rows)
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].upper().startswith("INSERT")]
    assert len(inserts) == 1


def test_draft_need_records_nothing(roslavl, arctic_rti, need_values):
    need = services.create_need(roslavl, **need_values)
    assert queries.partners_for_need(need, AnonymousUser())
    assert not MatchProposal.objects.exists()
