"""The report's figures from the database: a fixed number of GROUP BY queries, whatever the size.

What each KPI counts for a period [from, to] (days inclusive; datetimes by Moscow time):
- events: events that start in the period; per region, the host and each guest region (an event
  counts once per region and once in the totals); a pair: every two of the event's regions.
- organizations_engaged: distinct organizations (by their registry region) that in the period
  published a need, answered one, took part in an event held in it, or were a party of a deal with
  something in its history (a move, a change, a comment) in the period.
- needs_posted: needs published in the period (by the region of the needing organization).
- needs_answered: needs that in the period got a response or a deal started from them.
- matches_proposed: partners first proposed by the matcher for a published need in the period
  (cooperation.MatchProposal); per region, the need's and the partner's region.
- meetings_held: B2B meetings whose slot starts in the period; per region, both parties' regions.
- deals: deals STARTED in the period (`started_on`, the first contact), by their CURRENT stage
  (`lost` included). The choice: a period's new cooperations and how far they have got; a deal
  counts in the buyer's and the supplier's region, once in the totals; a pair only when the
  regions differ.
- contract_value_rub: the contract value of deals whose contract is dated in the period.
- agreements_signed: agreements signed (date_signed) in the period with a signed status (signed,
  in force, expired, terminated); per region, its region parties and its organizations' regions.

Aggregates count everything, private records included: they name nothing. What a viewer may see
by name (the pair timeline) is decided in `visibility.py`.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from promkoop.agreements.models import SIGNED_STATUSES, Agreement
from promkoop.cooperation.models import MatchProposal, Need, Response
from promkoop.deals.models import Deal, DealEvent
from promkoop.events.models import Event, Meeting, Participation
from promkoop.registry.models import Organization, Region

from .figures import STAGES, FigureError, Kpis, PairFigures, Period, RegionFigures, Report, pair_key


def day_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the period as aware datetimes in the site's time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def check_region(code: str | None) -> Region | None:
    if code in (None, ""):
        return None
    region = Region.objects.filter(pk=str(code).strip()).first()
    if region is None:
        raise FigureError("region", "unknown_region", value=str(code)[:20])
    return region


class _Scope:
    """The period's base querysets, optionally narrowed to the records touching one region."""

    def __init__(self, period: Period, region: str | None):
        self.period = period
        self.region = region
        self.t0, self.t1 = day_bounds(period)

    def events(self):
        qs = Event.objects.filter(start_date__gte=self.period.start, start_date__lte=self.period.end)
        if self.region:
            qs = qs.filter(Q(host_region_id=self.region) | Q(guest_regions=self.region)).distinct()
        return qs

    def deals_started(self):
        qs = Deal.objects.filter(started_on__gte=self.period.start, started_on__lte=self.period.end)
        return self._deal_region(qs)

    def deals_contracted(self):
        qs = Deal.objects.filter(contract_date__gte=self.period.start, contract_date__lte=self.period.end)
        return self._deal_region(qs)

    def _deal_region(self, qs):
        if self.region:
            qs = qs.filter(Q(buyer_region_id=self.region) | Q(supplier_region_id=self.region))
        return qs

    def needs_posted(self):
        qs = Need.objects.filter(published_at__gte=self.t0, published_at__lt=self.t1)
        return qs.filter(organization__region_id=self.region) if self.region else qs

    def needs_answered(self):
        responded = Response.objects.filter(created_at__gte=self.t0, created_at__lt=self.t1).values("need_id")
        dealt = (Deal.objects.filter(started_on__gte=self.period.start, started_on__lte=self.period.end,
                                     origin_need__isnull=False).values("origin_need_id"))
        qs = Need.objects.filter(Q(pk__in=responded) | Q(pk__in=dealt))
        return qs.filter(organization__region_id=self.region) if self.region else qs

    def proposals(self):
        qs = MatchProposal.objects.filter(proposed_at__gte=self.t0, proposed_at__lt=self.t1)
        if self.region:
            qs = qs.filter(Q(need_region_id=self.region) | Q(partner_region_id=self.region))
        return qs

    def meetings(self):
        qs = Meeting.objects.filter(slot__starts_at__gte=self.t0, slot__starts_at__lt=self.t1)
        if self.region:
            qs = qs.filter(Q(a__organization__region_id=self.region) | Q(b__organization__region_id=self.region))
        return qs

    def agreements(self):
        qs = Agreement.objects.filter(status__in=SIGNED_STATUSES, date_signed__gte=self.period.start,
                                      date_signed__lte=self.period.end)
        if self.region:
            qs = qs.filter(Q(regions=self.region) | Q(organizations__region_id=self.region)).distinct()
        return qs

    def engaged_organizations(self):
        """Organizations engaged in the period (subqueries, one pass over the organizations)."""
        t0, t1, p = self.t0, self.t1, self.period
        posted = Need.objects.filter(published_at__gte=t0, published_at__lt=t1).values("organization_id")
        answered = Response.objects.filter(created_at__gte=t0, created_at__lt=t1).values("organization_id")
        took_part = Participation.objects.filter(event__start_date__gte=p.start,
                                                 event__start_date__lte=p.end).values("organization_id")
        qs = Organization.objects.filter(Q(pk__in=posted) | Q(pk__in=answered) | Q(pk__in=took_part)
                                         | Q(pk__in=self._moved_deal_parties()))
        return qs.filter(region_id=self.region) if self.region else qs


    def _moved_deal_parties(self) -> RawSQL:
        """Both parties of each deal with something in its history in the period, reading each deal
        once (a cross join with two rows, not two lookups of the same deals: a third faster at
        60,000 deals a year)."""
        moved_sql, params = (DealEvent.objects.filter(at__gte=self.t0, at__lt=self.t1).values("deal_id")
                             .query.sql_with_params())
        deal = Deal._meta.db_table
        return RawSQL(f"SELECT CASE WHEN k.side = 0 THEN d.buyer_id ELSE d.supplier_id END FROM {deal} d "
                      f"CROSS JOIN (SELECT 0 AS side UNION ALL SELECT 1) k WHERE d.id IN ({moved_sql})", params)


def _add(target: dict, rows, key: str, value: str = "n"):
    for row in rows:
        if row[key] is not None:
            target[row[key]] += row[value]


def _per_region(scope: _Scope) -> dict[str, Kpis]:
    """KPIs per region code: each figure is one or two GROUP BY queries (a second one for the other
    side of a two-sided record, leaving out records whose two sides are the same region)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    deals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    value: dict[str, Decimal] = defaultdict(Decimal)
    p = scope.period

    # events: the host region, then guest regions other than the host
    events = Event.objects.filter(start_date__gte=p.start, start_date__lte=p.end)
    _add(counts["events"], events.values("host_region_id").annotate(n=Count("pk")), "host_region_id")
    guests = (Event.guest_regions.through.objects
              .filter(event__start_date__gte=p.start, event__start_date__lte=p.end)
              .exclude(region_id=F("event__host_region_id")))
    _add(counts["events"], guests.values("region_id").annotate(n=Count("event_id", distinct=True)), "region_id")

    _add(counts["organizations_engaged"],
         _Scope(p, None).engaged_organizations().values("region_id").annotate(n=Count("pk")), "region_id")
    _add(counts["needs_posted"], _Scope(p, None).needs_posted().values("organization__region_id")
         .annotate(n=Count("pk")), "organization__region_id")
    _add(counts["needs_answered"], _Scope(p, None).needs_answered().values("organization__region_id")
         .annotate(n=Count("pk")), "organization__region_id")

    proposals = _Scope(p, None).proposals()
    _add(counts["matches_proposed"], proposals.values("need_region_id").annotate(n=Count("pk")), "need_region_id")
    _add(counts["matches_proposed"], proposals.exclude(partner_region_id=F("need_region_id"))
         .values("partner_region_id").annotate(n=Count("pk")), "partner_region_id")

    meetings = _Scope(p, None).meetings()
    _add(counts["meetings_held"], meetings.values("a__organization__region_id").annotate(n=Count("pk")),
         "a__organization__region_id")
    _add(counts["meetings_held"], meetings.exclude(b__organization__region_id=F("a__organization__region_id"))
         .values("b__organization__region_id").annotate(n=Count("pk")), "b__organization__region_id")

    started = _Scope(p, None).deals_started()
    for row in started.values("buyer_region_id", "stage").annotate(n=Count("pk")):
        deals[row["buyer_region_id"]][row["stage"]] += row["n"]
    for row in (started.exclude(supplier_region_id=F("buyer_region_id"))
                .values("supplier_region_id", "stage").annotate(n=Count("pk"))):
        deals[row["supplier_region_id"]][row["stage"]] += row["n"]

    contracted = _Scope(p, None).deals_contracted()
    for row in contracted.values("buyer_region_id").annotate(v=Sum("contract_value_rub")):
        value[row["buyer_region_id"]] += row["v"] or 0
    for row in (contracted.exclude(supplier_region_id=F("buyer_region_id"))
                .values("supplier_region_id").annotate(v=Sum("contract_value_rub"))):
        value[row["supplier_region_id"]] += row["v"] or 0

    # agreements: (agreement, region) pairs from both kinds of party, counted distinct per region
    signed = _Scope(p, None).agreements()
    by_region = Agreement.regions.through.objects.filter(agreement__in=signed).values_list("region_id", "agreement_id")
    by_org = (Agreement.organizations.through.objects.filter(agreement__in=signed)
              .values_list("organization__region_id", "agreement_id"))
    for code, _agreement in set(by_region) | set(by_org):  # as many as signed agreements × parties
        counts["agreements_signed"][code] += 1

    codes = set(deals) | set(value)
    for per in counts.values():
        codes |= set(per)
    result: dict[str, Kpis] = {}
    for code in codes:
        k = Kpis(**{key: counts[key].get(code, 0) for key in counts})
        k.deals = {s: deals[code].get(s, 0) for s in STAGES}
        k.contract_value_rub = Decimal(value.get(code, 0))
        result[code] = k
    return result


# KPIs where every record belongs to exactly one region (an organization's, a need's): their total is
# the sum of the regions' figures, so a report that has those does not count them again.
ONE_REGION_KEYS = ("organizations_engaged", "needs_posted", "needs_answered")


def totals(period: Period, region: str | None = None, per_region: dict[str, Kpis] | None = None) -> Kpis:
    """The period's KPIs, each record counted once (narrowed to records touching `region`).
    With `per_region` (from the same period) the one-region KPIs are summed from it."""
    scope = _Scope(period, region)
    if per_region is not None:
        chosen = [per_region.get(region, Kpis())] if region else list(per_region.values())
        one_region = {key: sum(getattr(k, key) for k in chosen) for key in ONE_REGION_KEYS}
    else:
        one_region = {"organizations_engaged": scope.engaged_organizations().count(),
                      "needs_posted": scope.needs_posted().count(),
                      "needs_answered": scope.needs_answered().count()}
    k = Kpis(
        events=scope.events().count(),
        **one_region,
        matches_proposed=scope.proposals().count(),
        meetings_held=scope.meetings().count(),
        agreements_signed=scope.agreements().count(),
    )
    by_stage = dict(scope.deals_started().order_by().values_list("stage").annotate(n=Count("pk")))
    k.deals = {s: by_stage.get(s, 0) for s in STAGES}
    k.contract_value_rub = Decimal(scope.deals_contracted().aggregate(v=Sum("contract_value_rub"))["v"] or 0)
    return k


def pairs(period: Period, region: str | None = None) -> list[PairFigures]:
    """Figures per unordered pair of different regions: events both took part in, deals started
    between them, contract value of deals contracted between them."""
    found: dict[tuple[str, str], PairFigures] = {}

    def get(a: str, b: str) -> PairFigures:
        key = pair_key(a, b)
        if key not in found:
            found[key] = PairFigures(*key)
        return found[key]

    scope = _Scope(period, None)
    started = scope.deals_started().exclude(supplier_region_id=F("buyer_region_id")).annotate(
        ra=Least("buyer_region_id", "supplier_region_id"), rb=Greatest("buyer_region_id", "supplier_region_id"))
    for row in started.order_by().values("ra", "rb").annotate(n=Count("pk")):
        get(row["ra"], row["rb"]).deals += row["n"]
    contracted = scope.deals_contracted().exclude(supplier_region_id=F("buyer_region_id")).annotate(
        ra=Least("buyer_region_id", "supplier_region_id"), rb=Greatest("buyer_region_id", "supplier_region_id"))
    for row in contracted.order_by().values("ra", "rb").annotate(v=Sum("contract_value_rub")):
        get(row["ra"], row["rb"]).contract_value_rub += row["v"] or 0

    # events are few (hundreds a year): their region sets are joined here
    regions_of: dict[int, set[str]] = defaultdict(set)
    events = scope.events()
    for pk, host in events.values_list("pk", "host_region_id"):
        regions_of[pk].add(host)
    for pk, code in Event.guest_regions.through.objects.filter(event__in=events).values_list("event_id", "region_id"):
        regions_of[pk].add(code)
    for codes in regions_of.values():
        ordered = sorted(codes)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                get(a, b).events += 1

    rows = [f for f in found.values() if region is None or region in (f.a, f.b)]
    rows.sort(key=lambda f: (-f.deals, -f.events, -f.contract_value_rub, f.a, f.b))
    return rows


def report(period: Period, region: str | None = None) -> Report:
    """The whole report: every region (or the one asked for), the pairs and the totals."""
    chosen = check_region(region)
    code = chosen.pk if chosen else None
    per = _per_region(_Scope(period, None))
    everywhere = [RegionFigures(code_, name, per.get(code_) or Kpis())
                  for code_, name in Region.objects.order_by("pk").values_list("pk", "name")]
    rows = [r for r in everywhere if r.code == code] if code else everywhere
    return Report(period=period, regions=rows, pairs=pairs(period, code), totals=totals(period, code, per),
                  region=code, everywhere=everywhere)
