"""Analytics pages: the KPI page (tiles with the change against the previous period, the tile-grid
map, flows between region pairs, charts, downloads, a print layout) and a region pair's timeline.

Figures are aggregates, open to everyone; the pair timeline names only what the viewer may see
(`visibility.py`) and counts the rest.
"""
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promkoop.agreements.models import SIGNED_STATUSES, Agreement
from promkoop.deals.models import Deal
from promkoop.events.access import visible_events
from promkoop.news.models import Article, Fact
from promkoop.registry.models import Region

from . import tilemap
from .api import xlsx_response
from .figures import KPI_KEYS, FigureError, PairFigures, Period, default_period, parse_period
from .labels import KPI_LABELS, STAGE_LABELS, error_message
from .queries import day_bounds, pairs
from .services import figures_for
from .visibility import named_agreements_q, named_deals_q

FLOWS_SHOWN = 12
TOP_REGIONS = 15
MONEY_KEYS = ("contract_value_rub",)


class PeriodForm(forms.Form):
    date_from = forms.CharField(label=gettext_lazy("С"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.CharField(label=gettext_lazy("По"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.ChoiceField(label=gettext_lazy("Регион"), required=False)
    kpi = forms.ChoiceField(label=gettext_lazy("Показатель на карте"), required=False,
                            choices=[(k, KPI_LABELS[k]) for k in KPI_KEYS])

    FIELDS = {"from": "date_from", "to": "date_to", "region": "region", "kpi": "kpi"}

    def __init__(self, data, *, with_region=True, **kwargs):
        super().__init__(data, **kwargs)
        if with_region:
            self.fields["region"].choices = [("", _("Все регионы"))] + [
                (code, f"{code} · {name}") for code, name in Region.objects.values_list("code", "name")]
        else:
            del self.fields["region"]
            del self.fields["kpi"]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        try:
            if not start and not end:
                data["period"] = default_period(timezone.localdate())
            else:
                data["period"] = parse_period(start, end)
        except FigureError as err:
            self.add_error(self.FIELDS[err.field], error_message(err))
        return data


def _form_data(request) -> dict:
    q = request.GET
    return {"date_from": q.get("from", ""), "date_to": q.get("to", ""), "region": q.get("region", ""),
            "kpi": q.get("kpi", "deals")}


def _query(period: Period, **extra) -> str:
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    params.update({k: v for k, v in extra.items() if v})
    return urlencode(params)


def _money(value) -> str:
    return f"{Decimal(value or 0):,.0f}".replace(",", "\u00a0")


def kpi_page(request):
    data = _form_data(request)
    form = PeriodForm(data)
    if not form.is_valid():
        return render(request, "analytics/kpi.html", {"form": form}, status=400)
    period: Period = form.cleaned_data["period"]
    region = form.cleaned_data.get("region") or None
    kpi = form.cleaned_data.get("kpi") or "deals"
    figures = figures_for(period, region, request.user)
    report = figures.report
    if request.GET.get("format") == "xlsx":
        return xlsx_response(report)

    changes = figures.changes
    tiles = []
    for key in KPI_KEYS:
        change = changes[key]
        money = key in MONEY_KEYS
        tiles.append({"key": key, "label": KPI_LABELS[key],
                      "value": _money(change.current) if money else change.current,
                      "previous": _money(change.previous) if money else change.previous,
                      "percent": change.percent, "direction": change.direction,
                      "delta": _money(change.delta) if money else change.delta})

    names = dict(Region.objects.values_list("code", "name"))
    short = dict(Region.objects.values_list("code", "short_name"))
    # the map always shows every region: with a filter, the whole country's figures and the region marked
    values = {r.code: r.kpis.value(kpi) for r in (report.everywhere or report.regions)}
    money = kpi in MONEY_KEYS
    value_text = _money if money else str
    pair_rows = report.pairs
    flows = [(p.a, p.b, p.deals) for p in sorted(pair_rows, key=lambda p: -p.deals)[:FLOWS_SHOWN] if p.deals]
    svg = tilemap.render(values, names, title=str(KPI_LABELS[kpi]),
                         link=lambda code: "?" + _query(period, region=code, kpi=kpi), selected=region,
                         flows=flows, value_text=value_text)
    ranking = sorted(((values.get(c, 0), c) for c in names), key=lambda t: (-t[0], t[1]))[:TOP_REGIONS]
    chart = {
        "stages": [str(STAGE_LABELS[s]) for s in report.totals.deals],
        "stage_counts": list(report.totals.deals.values()),
        "kpi": str(KPI_LABELS[kpi]),
        "regions": [short[c] for _v, c in ranking],
        "region_values": [float(v) for v, _c in ranking],
    }
    context = {
        "form": form, "period": period, "previous": period.previous(), "region": region,
        "region_name": names.get(region) if region else None, "kpi": kpi, "kpi_label": KPI_LABELS[kpi],
        "tiles": tiles, "map_svg": svg, "chart": chart,
        "stages": [(STAGE_LABELS[s], n) for s, n in report.totals.deals.items()],
        "ranking": [(c, names[c], value_text(v)) for v, c in ranking if v],
        "pairs": [{"a": p.a, "b": p.b, "a_name": names.get(p.a, p.a), "b_name": names.get(p.b, p.b),
                   "events": p.events, "deals": p.deals, "value": _money(p.contract_value_rub),
                   "url": reverse("analytics:pair", args=[p.a, p.b]) + "?" + _query(period)}
                  for p in pair_rows[:30]],
        "pairs_total": len(pair_rows),
        "json_url": reverse("api:report_endpoint") + "?" + _query(period, region=region),
        "xlsx_url": "?" + _query(period, region=region, kpi=kpi, format="xlsx"),
        "generated": timezone.localtime(),
    }
    return render(request, "analytics/kpi.html", context)


def _link(obj) -> str | None:
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:  # the app's pages are not mounted
        return None


def pair_page(request, a: str, b: str):
    if a == b:
        raise Http404("a pair needs two regions")
    regions = {r.code: r for r in Region.objects.filter(code__in=[a, b])}
    if len(regions) != 2:
        raise Http404("unknown region")
    if a > b:
        target = reverse("analytics:pair", args=[b, a])
        return redirect(f"{target}?{request.GET.urlencode()}" if request.GET else target)
    form = PeriodForm({"date_from": request.GET.get("from", ""), "date_to": request.GET.get("to", "")},
                      with_region=False)
    context = {"form": form, "a": regions[a], "b": regions[b]}
    if not form.is_valid():
        return render(request, "analytics/pair.html", context, status=400)
    period: Period = form.cleaned_data["period"]
    t0, t1 = day_bounds(period)
    items = []

    # news: articles with a fact about each of the two regions (articles are public reading)
    def mentions(code):
        return Exists(Fact.objects.filter(article=OuterRef("pk"), region_id=code))
    articles = (Article.objects.filter(mentions(a), mentions(b))
                .filter(Q(published_at__gte=t0, published_at__lt=t1)
                        | Q(published_at__isnull=True, created_at__gte=t0, created_at__lt=t1)))
    for art in articles.order_by("-published_at")[:100]:
        when = timezone.localtime(art.published_at or art.created_at).date()
        items.append({"date": when, "kind": _("Новость"), "title": art.title, "url": _link(art)})

    events = (visible_events(request.user).filter(start_date__gte=period.start, start_date__lte=period.end)
              .filter(Q(host_region_id=a) | Q(guest_regions=a)).filter(Q(host_region_id=b) | Q(guest_regions=b))
              .distinct())
    for ev in events.order_by("-start_date")[:100]:
        items.append({"date": ev.start_date, "kind": _("Мероприятие"), "title": ev.title, "url": _link(ev)})

    between = Q(buyer_region_id=a, supplier_region_id=b) | Q(buyer_region_id=b, supplier_region_id=a)
    deals = Deal.objects.filter(between).filter(
        Q(started_on__gte=period.start, started_on__lte=period.end)
        | Q(contract_date__gte=period.start, contract_date__lte=period.end))
    named = deals.filter(named_deals_q(request.user))
    for deal in named.order_by("-started_on")[:200]:
        items.append({"date": deal.started_on, "kind": _("Сделка"), "title": deal.subject, "url": _link(deal),
                      "note": deal.get_stage_display()})
    hidden_deals = deals.count() - named.count()

    agreements = (Agreement.objects.filter(status__in=SIGNED_STATUSES, date_signed__gte=period.start,
                                           date_signed__lte=period.end)
                  .filter(Q(regions=a) | Q(organizations__region_id=a))
                  .filter(pk__in=Agreement.objects.filter(Q(regions=b) | Q(organizations__region_id=b)).values("pk"))
                  .distinct())
    named_agreements = agreements.filter(pk__in=Agreement.objects.filter(named_agreements_q(request.user))
                                         .values("pk"))
    for ag in named_agreements.order_by("-date_signed")[:100]:
        items.append({"date": ag.date_signed, "kind": _("Соглашение"), "title": ag.title, "url": _link(ag),
                      "note": ag.get_status_display()})
    hidden_agreements = agreements.count() - named_agreements.count()

    items.sort(key=lambda i: (i["date"], i["kind"]), reverse=True)
    figures = next((f for f in pairs(period, a) if (f.a, f.b) == (a, b)), None) or PairFigures(a, b)
    context["figures"] = [(KPI_LABELS["events"], figures.events), (KPI_LABELS["deals"], figures.deals),
                          (KPI_LABELS["contract_value_rub"], _money(figures.contract_value_rub))]
    context.update({"period": period, "items": items, "hidden_deals": hidden_deals,
                    "hidden_agreements": hidden_agreements, "back": reverse("analytics:kpi") + "?" + _query(period)})
    return render(request, "analytics/pair.html", context)
