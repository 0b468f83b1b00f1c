"""Analytics at registry size; prints one JSON object.

Builds, in a fresh SQLite database in a temporary directory (migrate + load-reference), a registry
of --organizations organizations (default 50,000) with --deals deals (default 100,000) started over
two years and their history (created, stage moves, comments: about four lines a deal), plus events
with guest regions, participants and B2B meetings, published needs, responses, match proposals and
agreements. Generation is seeded and written with bulk inserts (not timed as the report).

Then, for the year --from/--to (default 2026-01-01 … 2026-12-31), times:
- the report (`analytics.queries.report`, promkoop.report/1 JSON) and the same as XLSX;
- the KPI page `/analytics/` through Django's test client, uncached (ANALYTICS_CACHE_SECONDS = 0):
  the report, the previous period's totals, the map, charts and pairs;
and counts the SQL queries of each, next to the same figures computed naively in Python from every
row (loaded with one query per table) in the same run; the two must be equal (else exit 1).

    .venv/bin/python bench/analytics.py [--organizations 50000] [--deals 100000] [--seed 9]
"""
import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

STAGES = ("contact", "negotiation", "specification", "prototype", "testing", "contract", "serial_supply", "lost")
MSK = dt.timezone(dt.timedelta(hours=3))


def _aware(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(8, 19), rng.randint(0, 59)), tzinfo=MSK)


def build(n_orgs: int, n_deals: int, seed: int, first: dt.date, days: int) -> dict:
    """The generated world; returns counts."""
    from django.db import transaction

    from promkoop.agreements.models import Agreement
    from promkoop.cooperation.models import MatchProposal, Need, Response
    from promkoop.deals.models import Deal, DealEvent
    from promkoop.events.models import B2BSlot, Event, Meeting, Participation
    from promkoop.registry.models import Organization, Region

    rng = random.Random(seed)
    codes = list(Region.objects.values_list("code", flat=True))
    weights = [5.0 if c in ("77", "50", "78", "66", "74", "16", "52", "63") else 1.0 for c in codes]

    def day(span: int = days) -> dt.date:
        return first + dt.timedelta(days=rng.randrange(span))

    with transaction.atomic():
        Organization.objects.bulk_create(
            [Organization(name=f"Предприятие {i}", region_id=rng.choices(codes, weights)[0], source="demo")
             for i in range(n_orgs)], batch_size=5000)
        orgs = list(Organization.objects.values_list("pk", "region_id"))

        deals, history = [], []
        for i in range(n_deals):
            (b, br), (s, sr) = rng.sample(orgs, 2)
            started = day()
            stage = rng.choices(STAGES, (30, 20, 12, 10, 8, 8, 5, 7))[0]
            moved = min(started + dt.timedelta(days=rng.randint(0, 200)), first + dt.timedelta(days=days - 1))
            contract = None
            value = None
            if stage in ("contract", "serial_supply"):
                contract = moved
                value = Decimal(rng.randint(100, 50_000) * 1000)
            deals.append(Deal(buyer_id=b, supplier_id=s, buyer_region_id=br, supplier_region_id=sr,
                              subject=f"Поставка {i}", stage=stage, started_on=started,
                              stage_changed_at=_aware(moved, rng), contract_date=contract, contract_value_rub=value,
                              expected_value_rub=value))
        Deal.objects.bulk_create(deals, batch_size=5000)
        ids = list(Deal.objects.order_by("pk").values_list("pk", "started_on", "stage_changed_at"))
        for pk, started, moved_at in ids:
            history.append(DealEvent(deal_id=pk, kind="created", to_stage="contact", at=_aware(started, rng)))
            for _ in range(rng.randint(1, 4)):
                when = started + dt.timedelta(days=rng.randint(0, max(0, (moved_at.date() - started).days)))
                history.append(DealEvent(deal_id=pk, kind=rng.choice(("stage", "comment", "change")),
                                         at=_aware(when, rng)))
        DealEvent.objects.bulk_create(history, batch_size=10000)

        needs = [Need(organization_id=rng.choice(orgs)[0], title=f"Потребность {i}", description="Нужно изготовить",
                      status="published", published_at=_aware(day(), rng)) for i in range(n_orgs // 10)]
        Need.objects.bulk_create(needs, batch_size=5000)
        need_ids = list(Need.objects.values_list("pk", "organization__region_id"))
        responses, seen = [], set()
        for _ in range(n_orgs // 10):
            need, org = rng.choice(need_ids)[0], rng.choice(orgs)[0]
            if (need, org) not in seen:
                seen.add((need, org))
                responses.append(Response(need_id=need, organization_id=org, text="Готовы"))
        Response.objects.bulk_create(responses, batch_size=5000)
        # created_at is auto_now_add: spread it over the two years, one UPDATE per 20 responses
        resp_ids = list(Response.objects.values_list("pk", flat=True))
        for start in range(0, len(resp_ids), 20):
            Response.objects.filter(pk__in=resp_ids[start:start + 20]).update(created_at=_aware(day(), rng))
        proposals, seen = [], set()
        for _ in range(n_orgs // 2):
            (need, nr), (org, orr) = rng.choice(need_ids), rng.choice(orgs)
            if (need, org) not in seen:
                seen.add((need, org))
                proposals.append(MatchProposal(need_id=need, organization_id=org, need_region_id=nr,
                                               partner_region_id=orr, score=rng.random(), rank=rng.randint(1, 10),
                                               proposed_at=_aware(day(), rng)))
        MatchProposal.objects.bulk_create(proposals, batch_size=5000)

        n_events = 400
        for i in range(n_events):
            start = day()
            host = rng.choice(codes)
            event = Event.objects.create(kind="b2b_session", title=f"Мероприятие {i}", host_region_id=host,
                                         start_date=start, end_date=start + dt.timedelta(days=1))
            guests = rng.sample([c for c in codes if c != host], rng.randint(0, 4))
            event.guest_regions.set(guests)
            parts = Participation.objects.bulk_create(
                [Participation(event=event, organization_id=org) for org, _r in rng.sample(orgs, 12)])
            slots = B2BSlot.objects.bulk_create(
                [B2BSlot(event=event, label=f"s{k}", starts_at=_aware(start, rng)) for k in range(3)])
            meetings = []
            for k, slot in enumerate(slots):
                for table in range(3):
                    a, b = rng.sample(parts, 2)
                    meetings.append(Meeting(event=event, a=a, b=b, slot=slot, table=table + 1))
            Meeting.objects.bulk_create(meetings)

        for i in range(600):
            ag = Agreement.objects.create(kind=rng.choice(("region_region", "enterprise_enterprise")),
                                          title=f"Соглашение {i}", date_signed=day(),
                                          status=rng.choice(("draft", "signed", "in_force", "expired")),
                                          visibility=rng.choice(("public", "parties")))
            if ag.kind == "region_region":
                ag.regions.set(rng.sample(codes, 2))
            else:
                ag.organizations.set([o for o, _r in rng.sample(orgs, 2)])
    return {"organizations": len(orgs), "deals": len(ids), "deal_history": len(history), "needs": len(need_ids),
            "responses": len(responses), "match_proposals": len(proposals), "events": n_events,
            "meetings": n_events * 9, "agreements": 600}


def naive(start: dt.date, end: dt.date) -> dict:
    """The same figures from every row, in Python: the check on the queries."""
    from django.utils import timezone

    from promkoop.agreements.models import SIGNED_STATUSES, Agreement
    from promkoop.cooperation.models import MatchProposal, Need, Response
    from promkoop.deals.models import Deal, DealEvent
    from promkoop.events.models import Event, Meeting, Participation
    from promkoop.registry.models import Organization, Region

    def in_days(d):
        return d is not None and start <= d <= end

    def in_time(t):
        return t is not None and start <= timezone.localtime(t).date() <= end

    regions = {c: {"events": set(), "organizations_engaged": set(), "needs_posted": set(), "needs_answered": set(),
                   "matches_proposed": set(), "meetings_held": set(), "deals": defaultdict(set),
                   "contract_value_rub": Decimal(0), "agreements_signed": set()}
               for c in Region.objects.values_list("code", flat=True)}
    totals = {k: set() for k in ("events", "organizations_engaged", "needs_posted", "needs_answered",
                                  "matches_proposed", "meetings_held", "agreements_signed")}
    totals["deals"] = defaultdict(set)
    totals["contract_value_rub"] = Decimal(0)
    pairs = defaultdict(lambda: {"events": 0, "deals": 0, "contract_value_rub": Decimal(0)})

    org_region = dict(Organization.objects.values_list("pk", "region_id"))
    engaged = set()
    guests = defaultdict(set)
    for ev, code in Event.guest_regions.through.objects.values_list("event_id", "region_id"):
        guests[ev].add(code)
    events_held = {}
    for pk, host, start_date in Event.objects.values_list("pk", "host_region_id", "start_date"):
        if in_days(start_date):
            events_held[pk] = {host} | guests[pk]
    for pk, codes in events_held.items():
        totals["events"].add(pk)
        for c in codes:
            regions[c]["events"].add(pk)
        ordered = sorted(codes)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs[a, b]["events"] += 1
    for ev, org in Participation.objects.values_list("event_id", "organization_id"):
        if ev in events_held:
            engaged.add(org)
    need_org = {}
    for pk, org, published in Need.objects.values_list("pk", "organization_id", "published_at"):
        need_org[pk] = org
        if in_time(published):
            totals["needs_posted"].add(pk)
            regions[org_region[org]]["needs_posted"].add(pk)
            engaged.add(org)
    answered = set()
    for need, org, created in Response.objects.values_list("need_id", "organization_id", "created_at"):
        if in_time(created):
            answered.add(need)
            engaged.add(org)
    moved = {deal for deal, at in DealEvent.objects.values_list("deal_id", "at") if in_time(at)}
    for pk, b, s, br, sr, stage, started, cdate, value, need in Deal.objects.values_list(
            "pk", "buyer_id", "supplier_id", "buyer_region_id", "supplier_region_id", "stage", "started_on",
            "contract_date", "contract_value_rub", "origin_need_id"):
        if pk in moved:
            engaged |= {b, s}
        if in_days(started):
            if need:
                answered.add(need)
            totals["deals"][stage].add(pk)
            for c in {br, sr}:
                regions[c]["deals"][stage].add(pk)
            if br != sr:
                pairs[tuple(sorted((br, sr)))]["deals"] += 1
        if in_days(cdate):
            totals["contract_value_rub"] += value or 0
            for c in {br, sr}:
                regions[c]["contract_value_rub"] += value or 0
            if br != sr:
                pairs[tuple(sorted((br, sr)))]["contract_value_rub"] += value or 0
    for need in answered:
        totals["needs_answered"].add(need)
        regions[org_region[need_org[need]]]["needs_answered"].add(need)
    for org in engaged:
        totals["organizations_engaged"].add(org)
        regions[org_region[org]]["organizations_engaged"].add(org)
    for pk, nr, pr, at in MatchProposal.objects.values_list("pk", "need_region_id", "partner_region_id", "proposed_at"):
        if in_time(at):
            totals["matches_proposed"].add(pk)
            for c in {nr, pr}:
                regions[c]["matches_proposed"].add(pk)
    part_org = dict(Participation.objects.values_list("pk", "organization_id"))
    slot_at = dict(Meeting.objects.values_list("pk", "slot__starts_at"))
    for pk, a, b in Meeting.objects.values_list("pk", "a_id", "b_id"):
        if in_time(slot_at[pk]):
            totals["meetings_held"].add(pk)
            for c in {org_region[part_org[a]], org_region[part_org[b]]}:
                regions[c]["meetings_held"].add(pk)
    ag_regions = defaultdict(set)
    for ag, code in Agreement.regions.through.objects.values_list("agreement_id", "region_id"):
        ag_regions[ag].add(code)
    for ag, org in Agreement.organizations.through.objects.values_list("agreement_id", "organization_id"):
        ag_regions[ag].add(org_region[org])
    for pk, status, signed in Agreement.objects.values_list("pk", "status", "date_signed"):
        if status in SIGNED_STATUSES and in_days(signed):
            totals["agreements_signed"].add(pk)
            for c in ag_regions[pk]:
                regions[c]["agreements_signed"].add(pk)

    def flat(figs):
        out = {}
        for k, v in figs.items():
            if k == "deals":
                out[k] = {s: len(v.get(s, ())) for s in STAGES}
            elif k == "contract_value_rub":
                out[k] = v
            else:
                out[k] = len(v)
        return out
    return {"regions": {c: flat(f) for c, f in regions.items()}, "totals": flat(totals),
            "pairs": {k: v for k, v in pairs.items()}}


def _same(report, check) -> list[str]:
    """Differences between the report and the naive figures (empty when equal)."""
    diffs = []
    keys = ("events", "organizations_engaged", "needs_posted", "needs_answered", "matches_proposed",
            "meetings_held", "deals", "contract_value_rub", "agreements_signed")

    def kpis_json(k):
        return {key: (k.deals if key == "deals" else getattr(k, key)) for key in keys}
    if kpis_json(report.totals) != check["totals"]:
        diffs.append(f"totals {kpis_json(report.totals)} != {check['totals']}")
    for r in report.regions:
        if kpis_json(r.kpis) != check["regions"][r.code]:
            diffs.append(f"region {r.code}")
    mine = {(p.a, p.b): {"events": p.events, "deals": p.deals, "contract_value_rub": p.contract_value_rub}
            for p in report.pairs}
    if mine != check["pairs"]:
        diffs.append(f"pairs: {len(mine)} != {len(check['pairs'])}")
    return diffs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=50_000)
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--from", dest="date_from", default="2026-01-01")
    parser.add_argument("--to", dest="date_to", default="2026-12-31")
    parser.add_argument("--keep", metavar="DIR", help="keep the database in DIR and reuse it when it is there "
                        "(migrations still run: for trying indexes without generating again)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="promkoop-bench-") as tmp:
        if options.keep:
            Path(options.keep).mkdir(parents=True, exist_ok=True)
        db = Path(options.keep or tmp) / "bench.sqlite3"
        reuse = db.exists()
        os.environ.update({"DATABASE_URL": f"sqlite:///{db}", "PROMKOOP_VAR_DIR": tmp,
                           "DJANGO_SETTINGS_MODULE": "promkoop.settings", "ANALYTICS_CACHE_SECONDS": "0"})
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, setup_test_environment

        from promkoop.analytics import queries, xlsx
        from promkoop.analytics.figures import parse_period

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        period = parse_period(options.date_from, options.date_to)
        if reuse:
            counts = {"reused_database": str(db)}
        else:
            call_command("load_reference", stdout=open(os.devnull, "w"))
            first = period.start - dt.timedelta(days=period.days)  # data over this year and the one before
            counts = build(options.organizations, options.deals, options.seed, first, period.days * 2)
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        setup = time.perf_counter() - started

        def timed(fn):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                value = fn()
                seconds = time.perf_counter() - t0
            return value, round(seconds, 3), len(ctx.captured_queries)

        report, json_s, json_q = timed(lambda: queries.report(period))
        text, dump_s, _ = timed(lambda: json.dumps(report.to_json(), ensure_ascii=False))
        workbook, xlsx_s, xlsx_q = timed(lambda: xlsx.workbook_bytes(queries.report(period)))
        setup_test_environment()
        client = Client()
        url = f"/analytics/?from={period.start.isoformat()}&to={period.end.isoformat()}"
        # A process's first request pays for Django itself (URL conf, middleware, template engine):
        # the home page takes it, timed apart, so the KPI page's runs measure the KPI page.
        _home, warmup_s, _ = timed(lambda: client.get("/"))
        page_runs = []
        for _ in range(3):
            response, page_s, page_q = timed(lambda: client.get(url))
            assert response.status_code == 200, response.status_code
            page_runs.append(page_s)
        region_page, region_s, region_q = timed(lambda: client.get(url + "&region=74&kpi=contract_value_rub"))
        assert region_page.status_code == 200
        check, naive_s, naive_q = timed(lambda: naive(period.start, period.end))
        diffs = _same(report, check)
        prev = queries.totals(period.previous())
        prev_check = naive(period.previous().start, period.previous().end)["totals"]
        prev_json = {k: (prev.deals if k == "deals" else getattr(prev, k)) for k in prev_check}
        if prev_json != prev_check:
            diffs.append("previous totals")

    result = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
                   f"SQLite {__import__('sqlite3').sqlite_version}",
        "period": [period.start.isoformat(), period.end.isoformat()],
        **counts,
        "setup_seconds": round(setup, 1),
        "report_json": {"seconds": round(json_s + dump_s, 3), "queries": json_q, "bytes": len(text.encode()),
                        "regions": len(report.regions), "pairs": len(report.pairs)},
        "report_xlsx": {"seconds": xlsx_s, "queries": xlsx_q, "bytes": len(workbook)},
        "first_request_home": {"seconds": warmup_s},
        "kpi_page_uncached": {"seconds": page_runs, "queries": page_q},
        "kpi_page_region_uncached": {"seconds": region_s, "queries": region_q},
        "naive_python": {"seconds": naive_s, "queries": naive_q},
        "totals": {"deals_started": report.totals.deals_total, "contract_value_rub": float(report.totals.contract_value_rub),
                   "organizations_engaged": report.totals.organizations_engaged},
        "figures_equal": not diffs,
    }
    if diffs:
        result["differences"] = diffs[:10]
    print(json.dumps(result, ensure_ascii=False))
    if diffs:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
