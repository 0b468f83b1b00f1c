"""A delegation visit as the planner's input: which host organizations are worth visiting, and why.

`visit_request(...)` checks the parameters against the database (region, organizations)
and builds a `promkoop.planning.visits.VisitRequest`; `host_candidates(...)` chooses the
host region's organizations by match strength with the guest delegation, both ways, through
the matching engine and its indexes (`cooperation.matching`):

- guests supply, hosts need: each guest's capabilities and published offers against the
  host region's published needs (`rank_needs`), and each host need against the guests'
  capabilities (`rank`);
- hosts supply, guests need: each guest need against the host region's capabilities
  (`rank`), and each host offer against the guests' needs (`rank_needs`);
- related production: each guest capability as a query against the host's capabilities,
  counted at `RELATED_WEIGHT` (no posting says anyone needs it yet).

A host's value is the sum over guest organizations of the best link with each (a plant
that interests three guests is worth more than one that interests one); its reasons say
which guest and what matched. Only what anonymous visitors may see of the host region is
used (public profiles, published public needs and offers). Coordinates come from the
organization, else its city, else its region's capital (`Organization.coordinates`); the
base defaults to the host region's capital.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from promkoop.cooperation import access
from promkoop.cooperation.matching import indexes
from promkoop.cooperation.matching.documents import (
    capability_to_doc,
    need_to_query,
    offer_to_capability_doc,
)
from promkoop.cooperation.models import Need, Offer
from promkoop.matching import CapabilityDoc, NeedQuery, rank, rank_needs
from promkoop.planning.visits import Candidate, Place, VisitRequest
from promkoop.registry.access import visible_capabilities
from promkoop.registry.models import Capability, City, Organization, Region

MAX_CANDIDATES = 40  # the routing stays quick; a delegation sees a handful a day anyway
MIN_SCORE = 0.45  # weaker links (before weighting) are padding from the engine, not a reason to travel
RELATED_WEIGHT = 0.5
TOP_PER_QUERY = 20
REASONS_PER_STOP = 3


class VisitInputError(ValueError):
    """A parameter the database cannot answer; `item` names it (e.g. "--guests 123")."""

    def __init__(self, item: str, message: str) -> None:
        super().__init__(f"{item}: {message}")
        self.item, self.message = item, message


@dataclass(frozen=True, slots=True)
class _Link:
    score: float
    text: str


class _Links:
    """The best link between each host organization and each guest organization."""

    def __init__(self, host_orgs: dict[int, Organization], guest_orgs: dict[int, Organization]) -> None:
        self.hosts, self.guests = host_orgs, guest_orgs
        self.best: dict[int, dict[int, _Link]] = defaultdict(dict)

    def add(self, host_id: int, guest_id: int, score: float, text: str, *, weight: float = 1.0) -> None:
        if host_id not in self.hosts or guest_id not in self.guests or score < MIN_SCORE:
            return
        score *= weight
        known = self.best[host_id].get(guest_id)
        if known is None or score > known.score:
            self.best[host_id][guest_id] = _Link(score, text)

    def value(self, host_id: int) -> float:
        return round(sum(link.score for link in self.best.get(host_id, {}).values()), 4)

    def reasons(self, host_id: int) -> tuple[str, ...]:
        links = sorted(self.best.get(host_id, {}).values(), key=lambda link: -link.score)
        return tuple(link.text for link in links[:REASONS_PER_STOP])


def _name(org: Organization) -> str:
    return org.display_name


def _supply_text(guest: Organization, what: str, host: Organization, need_title: str) -> str:
    return _("«%(guest)s» может предложить «%(what)s» под потребность «%(host)s»: %(need)s") % {
        "guest": _name(guest), "what": what, "host": _name(host), "need": need_title}


def _demand_text(host: Organization, what: str, guest: Organization, need_title: str) -> str:
    return _("«%(host)s» может предложить «%(what)s» под потребность «%(guest)s»: %(need)s") % {
        "host": _name(host), "what": what, "guest": _name(guest), "need": need_title}


def _related_text(host: Organization, host_what: str, guest: Organization, guest_what: str) -> str:
    return _("Родственное производство: «%(host_what)s» у «%(host)s» и «%(guest_what)s» у «%(guest)s»") % {
        "host_what": host_what, "host": _name(host), "guest_what": guest_what, "guest": _name(guest)}


def _docs(capabilities: Iterable[Capability]) -> list[CapabilityDoc]:
    docs = []
    for cap in capabilities:
        try:
            docs.append(capability_to_doc(cap))
        except ValueError:  # a record the engine refuses (as the index leaves it out)
            continue
    return docs


def host_candidates(host_region: Region, guests: Sequence[Organization], *,
                    must_visit: Sequence[Organization] = (), limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """The host organizations worth visiting, most valuable first (must-visits always in)."""
    anonymous = AnonymousUser()
    host_orgs = {o.pk: o for o in Organization.objects.filter(region=host_region, is_public=True)
                 .select_related("city", "region")}
    guest_orgs = {o.pk: o for o in guests}
    links = _Links(host_orgs, guest_orgs)
    host_caps = list(indexes.capability_rows().filter(pk__in=visible_capabilities(anonymous),
                                                      organization__in=list(host_orgs)))
    guest_caps = list(indexes.capability_rows().filter(organization__in=list(guest_orgs)))
    host_needs = list(access.published_needs(anonymous).filter(organization__in=list(host_orgs))
                      .select_related("organization"))
    guest_needs = list(Need.objects.filter(pk__in=access.published_needs(anonymous), organization__in=list(guest_orgs))
                       .select_related("organization"))
    host_offers = list(access.published_offers(anonymous).filter(organization__in=list(host_orgs))
                       .select_related("organization"))
    guest_offers = list(Offer.objects.filter(pk__in=access.published_offers(anonymous),
                                             organization__in=list(guest_orgs)).select_related("organization"))
    index_set = indexes.current()
    needs_by_id = {n.pk: n for n in host_needs + guest_needs}
    host_caps_by_id = {c.pk: c for c in host_caps}
    guest_caps_by_id = {c.pk: c for c in guest_caps}

    with index_set.needs.locked() as need_index:
        # Guests supply what hosts need: each guest's profile (capabilities and offers) against host needs.
        host_need_ids = {n.pk for n in host_needs}
        for guest in guest_orgs.values():
            profile = _docs(c for c in guest_caps if c.organization_id == guest.pk)
            profile += [offer_to_capability_doc(o) for o in guest_offers if o.organization_id == guest.pk]
            if not profile or not host_need_ids or len(need_index) == 0:
                continue
            names = {d.id: d.name for d in profile}
            for m in rank_needs(profile, need_index, top=TOP_PER_QUERY, allowed_ids=host_need_ids):
                need = needs_by_id[m.need_id]
                links.add(need.organization_id, guest.pk, m.score,
                          _supply_text(guest, names.get(m.capability_id, ""), need.organization, need.title))
        # Hosts supply what guests need: host offers against guest needs.
        guest_need_ids = {n.pk for n in guest_needs}
        for offer in host_offers:
            if not guest_need_ids or len(need_index) == 0:
                break
            for m in rank_needs(offer_to_capability_doc(offer), need_index, top=TOP_PER_QUERY,
                                allowed_ids=guest_need_ids):
                need = needs_by_id[m.need_id]
                links.add(offer.organization_id, need.organization_id, m.score,
                          _demand_text(offer.organization, offer.title, need.organization, need.title))

    with index_set.capabilities.locked() as cap_index:
        if len(cap_index):
            guest_cap_ids, host_cap_ids = set(guest_caps_by_id), set(host_caps_by_id)
            # The other way round: each host need against the guests' capabilities…
            for need in host_needs if guest_cap_ids else ():
                for m in rank(need_to_query(need), cap_index, top=TOP_PER_QUERY, allowed_ids=guest_cap_ids):
                    links.add(need.organization_id, m.organization_id, m.score,
                              _supply_text(guest_orgs[m.organization_id], guest_caps_by_id[m.capability_id].name,
                                           need.organization, need.title))
            # …each guest need against the host capabilities…
            for need in guest_needs if host_cap_ids else ():
                for m in rank(need_to_query(need), cap_index, top=TOP_PER_QUERY, allowed_ids=host_cap_ids):
                    links.add(m.organization_id, need.organization_id, m.score,
                              _demand_text(host_orgs[m.organization_id], host_caps_by_id[m.capability_id].name,
                                           need.organization, need.title))
            # …and related production: a guest capability as a query against the host capabilities.
            for cap in guest_caps if host_cap_ids else ():
                text = ". ".join(p for p in (cap.name, cap.okpd2.name if cap.okpd2_id else "", cap.description) if p)
                query = NeedQuery(text=text, okpd2=cap.okpd2_id, region_code=cap.organization.region_id)
                for m in rank(query, cap_index, top=TOP_PER_QUERY, allowed_ids=host_cap_ids):
                    links.add(m.organization_id, cap.organization_id, m.score,
                              _related_text(host_orgs[m.organization_id], host_caps_by_id[m.capability_id].name,
                                            guest_orgs[cap.organization_id], cap.name), weight=RELATED_WEIGHT)

    located = [pk for pk in links.best if host_orgs[pk].coordinates is not None]
    chosen = sorted(located, key=lambda pk: (-links.value(pk), pk))[:limit]
    musts = {o.pk for o in must_visit}
    chosen += [pk for pk in musts if pk not in chosen]
    return [_candidate(Organization.objects.select_related("city", "region").get(pk=pk), links, pk in musts)
            for pk in chosen]


def _candidate(org: Organization, links: _Links, must: bool) -> Candidate:
    lat, lon = org.coordinates
    reasons = links.reasons(org.pk) or ((_("Обязательный визит"),) if must else ())
    return Candidate(organization_id=org.pk, name=_name(org), lat=lat, lon=lon, score=links.value(org.pk),
                     city=org.city.name if org.city_id else "", reasons=reasons, must_visit=must)


def default_base(region: Region) -> Place:
    """The host region's capital: its city record, else the region's own capital coordinates."""
    capital = City.objects.filter(region=region, is_regional_capital=True).order_by("pk").first()
    if capital is not None:
        return Place(capital.name, capital.lat, capital.lon)
    return Place(region.capital, region.capital_lat, region.capital_lon)


def _organizations(ids: Sequence[int], flag: str) -> list[Organization]:
    found = Organization.objects.select_related("city", "region").in_bulk(ids)
    for pk in ids:
        if pk not in found:
            raise VisitInputError(f"{flag} {pk}", _("нет организации с таким номером"))
    return [found[pk] for pk in ids]


def visit_request(host_region: str, guest_ids: Sequence[int], dates: Sequence[dt.date], *,
                  must_visit_ids: Sequence[int] = (), base: Place | None = None, **options) -> VisitRequest:
    """The planner's input for a delegation; `options` are `VisitRequest`'s times and speeds."""
    region = Region.objects.filter(pk=host_region).first()
    if region is None:
        raise VisitInputError(f"--host-region {host_region}", _("неизвестный код региона"))
    if not guest_ids:
        raise VisitInputError("--guests", _("не указана ни одна организация делегации"))
    guests = _organizations(guest_ids, "--guests")
    for guest in guests:
        if guest.region_id == region.pk:
            raise VisitInputError(f"--guests {guest.pk}", _("организация из принимающего региона"))
    musts = _organizations(must_visit_ids, "--must-visit")
    for org in musts:
        if org.region_id != region.pk:
            raise VisitInputError(f"--must-visit {org.pk}", _("организация не из принимающего региона"))
        if org.coordinates is None:
            raise VisitInputError(f"--must-visit {org.pk}", _("неизвестно, где находится организация"))
    if base is None:
        base = default_base(region)
        if base.lat is None:
            raise VisitInputError("--base", _("у региона нет координат столицы: укажите --base"))
    candidates = host_candidates(region, guests, must_visit=musts)
    return VisitRequest(host_region=region.pk, base=base, dates=tuple(dates),
                        candidates=tuple(candidates), **options)
