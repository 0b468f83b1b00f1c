"""Rows ↔ engine documents: what the matching engine indexes and searches, and what it returns as rows.

`capability_to_doc`, `need_to_doc` / `offer_to_doc` make the documents the indexes
hold; `need_to_query` and `text_query` what is searched for; `offer_to_capability_doc`
an offer seen as a supplier's profile. `match_to_row` and `need_match_to_row` turn
results into plain JSON-ready dicts whose explanation carries both the engine's
structured reasons and their text in the active language (`reasons`).
"""
from __future__ import annotations

from dataclasses import fields

from promkoop.matching import CapabilityDoc, Explanation, Match, NeedDoc, NeedMatch, NeedQuery, level
from promkoop.matching.text import normalize_query
from promkoop.matching.types import DECLINABLE
from promkoop.registry.models import Capability, Organization, Region

from ..models import Need, Offer, Posting, Visibility
from ..provenance import declined_keys
from . import reasons


def _coordinates(org: Organization) -> tuple[float | None, float | None]:
    point = org.coordinates
    return (point[0], point[1]) if point else (None, None)


def _strings(values) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()) if str(v).strip())


def _number(value) -> float | None:
    return None if value is None else float(value)


def _owner(org: Organization) -> dict:
    """Fields every document takes from its organization: who it is and where."""
    lat, lon = _coordinates(org)
    return {"organization_id": org.pk, "organization_name": org.display_name, "region_code": org.region_id,
            "city": org.city.name if org.city_id else "", "lat": lat, "lon": lon}


def _requirements(row: Capability | Posting) -> dict:
    """Classification and requirement fields capabilities, needs and offers share."""
    return {"okpd2": row.okpd2_id, "okpd2_name": row.okpd2.name if row.okpd2_id else "",
            "temp_min_c": row.temp_min_c, "temp_max_c": row.temp_max_c,
            "climate_version": row.climate_version or None, "materials": _strings(row.materials),
            "standards": _strings(row.standards)}


def capability_to_doc(cap: Capability) -> CapabilityDoc:
    org = cap.organization
    return CapabilityDoc(
        id=cap.pk, **_owner(org), **_requirements(cap), name=cap.name, description=cap.description or "",
        inn=org.inn or "", kind=cap.kind,
        annual_capacity=_number(cap.annual_capacity), capacity_unit=cap.capacity_unit or "",
        prototypes_to_spec=cap.prototypes_to_spec, certifications=_strings(cap.certifications),
        is_public=org.is_public)


def _regions(posting: Posting, name: str) -> tuple[str, ...]:
    if posting.pk is None:
        return ()
    return tuple(sorted(region.pk for region in getattr(posting, name).all()))  # .all(): a prefetch serves it


def posting_text(posting: Posting) -> str:
    return ". ".join(p.strip() for p in (posting.title, posting.description) if p and p.strip())


def need_to_query(need: Need | Offer) -> NeedQuery:
    """What the engine searches for a need (an offer's fields read the same way)."""
    org = need.organization
    lat, lon = _coordinates(org)
    return NeedQuery(
        text=posting_text(need), okpd2=need.okpd2_id, temp_min_c=need.temp_min_c, temp_max_c=need.temp_max_c,
        climate_version=need.climate_version or None, materials=_strings(need.materials),
        standards=_strings(need.standards), quantity=_number(need.quantity), unit=need.unit or "",
        kind=need.kind, region_code=org.region_id, lat=lat, lon=lon,
        preferred_regions=_regions(need, "preferred_regions"), excluded_regions=_regions(need, "excluded_regions"),
        declined=tuple(k for k in declined_keys(need.requirement_origins) if k in DECLINABLE))


def need_to_doc(need: Need | Offer) -> NeedDoc:
    org = need.organization
    return NeedDoc(
        id=need.pk, **_owner(org), **_requirements(need), title=need.title, text=need.description or "",
        kind=need.kind, quantity=_number(need.quantity), unit=need.unit or "",
        is_public=need.visibility == Visibility.PUBLIC and org.is_public)


offer_to_doc = need_to_doc


def offer_to_capability_doc(offer: Offer) -> CapabilityDoc:
    """An offer seen as a supplier's capability, to rank the needs it could answer."""
    org = offer.organization
    return CapabilityDoc(
        id=offer.pk, **_owner(org), **_requirements(offer), name=offer.title, description=offer.description or "",
        inn=org.inn or "", kind="product",
        annual_capacity=_number(offer.quantity), capacity_unit=offer.unit or "",
        prototypes_to_spec=offer.kind in ("prototype", "joint_development"),
        is_public=offer.visibility == Visibility.PUBLIC and org.is_public)


def text_query(text: str, *, region_code: str | None = None, okpd2: str | None = None) -> NeedQuery:
    """A free-text search (the CLI's --need-text), optionally from a region (for distance and reasons).

    The text goes through the engine's `normalize_query` (NFKC, no control or format characters, a cap
    on words and length), so exotic Unicode costs what plain text does."""
    text = normalize_query(text)
    lat = lon = None
    if region_code:
        region = Region.objects.filter(pk=region_code).first()
        if region is not None and region.capital_lat is not None:
            lat, lon = region.capital_lat, region.capital_lon
    return NeedQuery(text=text, okpd2=okpd2 or None, region_code=region_code or None, lat=lat, lon=lon)


def explanation_to_dict(explanation: Explanation) -> dict:
    """The explanation as plain data: each requirement check and reason with its fields and its `text`."""
    # field by field: dataclasses.asdict deep-copies every nested check and reason, only to have them
    # replaced below (a third of a need page's time with 60 partners)
    data = {f.name: getattr(explanation, f.name) for f in fields(explanation)}
    data["region_name"] = reasons.region_name(explanation.region_code)
    data["matched_terms"] = list(explanation.matched_terms)
    for key in ("requirements_met", "requirements_not_met", "requirements_unknown"):
        data[key] = [reasons.check_to_dict(c) for c in getattr(explanation, key)]
    data["reasons"] = [reasons.reason_to_dict(r) for r in explanation.reasons]
    return data


def match_to_row(match: Match, doc: CapabilityDoc) -> dict:
    """One ranked partner as printed by the CLI and returned by the API."""
    return {
        "organization": doc.organization_name,
        "organization_id": doc.organization_id,
        "inn": doc.inn,
        "region_code": doc.region_code,
        "region": reasons.region_name(doc.region_code),
        "city": doc.city,
        "capability": doc.name,
        "capability_id": doc.id,
        "score": round(match.score, 4),
        **_level(match),
        "explanation": explanation_to_dict(match.explanation),
    }


def _level(match: Match | NeedMatch) -> dict:
    """The score as people read it: its level (strong / good / possible) and that level in words."""
    name = level(match)
    return {"level": name, "level_label": reasons.level_label(name)}


def need_match_to_row(match: NeedMatch, doc: NeedDoc, capability: CapabilityDoc | None) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "organization": doc.organization_name,
        "organization_id": doc.organization_id,
        "region_code": doc.region_code,
        "region": reasons.region_name(doc.region_code),
        "capability": capability.name if capability else "",
        "capability_id": capability.id if capability else None,
        "score": round(match.score, 4),
        **_level(match),
        "explanation": explanation_to_dict(match.explanation),
    }
