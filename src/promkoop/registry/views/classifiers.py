"""Classifier browser for ОКВЭД2 and ОКПД2: sections, children expanded with HTMX,
search by code or name, and how many visible organizations (ОКВЭД2) or
capabilities (ОКПД2) use each code, its sub-codes included."""
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import access
from ..models import Okpd2, Okved2, Organization, fold
from .listing import search_words

SEARCH_LIMIT = 100
CODE_QUERY_RE = re.compile(r"^(?:[A-Za-z]|\d{2}(?:\.\d*)*)$")


@dataclass(frozen=True)
class Classifier:
    slug: str
    model: type
    title: str
    used_by: str  # what the usage count counts

    def usage_url(self, code: str) -> str:
        if self.slug == "okved2":
            return f"{reverse('registry:organizations')}?{urlencode({'okved': code})}"
        return f"{reverse('registry:capabilities')}?{urlencode({'okpd2': code})}"


CLASSIFIERS = {
    "okved2": Classifier("okved2", Okved2, _("ОКВЭД2 — виды экономической деятельности"), _("организаций")),
    "okpd2": Classifier("okpd2", Okpd2, _("ОКПД2 — продукция и услуги"), _("возможностей")),
}


def _classifier(slug: str) -> Classifier:
    try:
        return CLASSIFIERS[slug]
    except KeyError:
        raise Http404("unknown classifier")


class Usage:
    """Which visible organizations (ОКВЭД2: main or additional code) or capabilities
    (ОКПД2) use each code; `count(entry)` counts distinct ones under the entry."""

    def __init__(self, classifier: Classifier, user):
        self.by_code: dict[str, set[int]] = defaultdict(set)
        self.by_section: dict[str, set[int]] = defaultdict(set)
        if classifier.slug == "okved2":
            orgs = access.visible_organizations(user)
            rows = list(orgs.filter(okved_main__isnull=False)
                        .values_list("okved_main__code", "okved_main__section", "pk"))
            rows += list(Organization.okved_extra.through.objects.filter(organization__in=orgs)
                         .values_list("okved2__code", "okved2__section", "organization_id"))
        else:
            rows = list(access.visible_capabilities(user).filter(okpd2__isnull=False)
                        .values_list("okpd2__code", "okpd2__section", "pk"))
        for code, section, pk in rows:
            self.by_code[code].add(pk)
            self.by_section[section].add(pk)

    def count(self, entry) -> int:
        if entry.level == 0:
            return len(self.by_section.get(entry.section, ()))
        users: set[int] = set()
        for code, ids in self.by_code.items():
            if code.startswith(entry.code):  # codes are hierarchical: a prefix is an ancestor
                users |= ids
        return len(users)


def _annotate(entries, classifier: Classifier, usage: Usage) -> list:
    for entry in entries:
        entry.usage = usage.count(entry)
        entry.usage_url = classifier.usage_url(entry.code)
    return entries


def _with_paths(entries) -> list:
    """Attach `path` (the ancestors, section first) to each entry, one query per level."""
    if not entries:
        return entries
    model = type(entries[0])
    known = {e.code: e for e in entries}
    wanted = {e.parent_id for e in entries if e.parent_id and e.parent_id not in known}
    while wanted:
        found = model.objects.in_bulk(list(wanted))
        known.update(found)
        wanted = {e.parent_id for e in found.values() if e.parent_id and e.parent_id not in known}
    for entry in entries:
        path, parent = [], entry.parent_id
        while parent:
            node = known[parent]
            path.append(node)
            parent = node.parent_id
        entry.path = path[::-1]
    return entries


def search_entries(model, query: str):
    """Entries whose code starts with the query (when it looks like a code) or whose
    name contains every word of it."""
    query = query.strip()
    entries = model.objects.all()
    if CODE_QUERY_RE.match(query):
        code = query.upper().rstrip(".")
        entries = entries.filter(section=code) if code.isalpha() else entries.filter(code__startswith=code)
    else:
        entries = search_words(entries, query)
    return entries.annotate(n_children=Count("children")).order_by("level", "code")


@require_GET
def classifier_browser(request, kind: str):
    classifier = _classifier(kind)
    query = request.GET.get("q", "").strip()[:200]
    usage = Usage(classifier, request.user)
    context = {"classifier": classifier, "classifiers": CLASSIFIERS.values(), "query": query, "results": None}
    if fold(query):
        found = list(search_entries(classifier.model, query)[:SEARCH_LIMIT + 1])
        context["truncated"] = len(found) > SEARCH_LIMIT
        context["results"] = _with_paths(_annotate(found[:SEARCH_LIMIT], classifier, usage))
    else:
        sections = classifier.model.objects.filter(level=0).annotate(n_children=Count("children"))
        context["nodes"] = _annotate(list(sections), classifier, usage)
    return render(request, "registry/classifier_browser.html", context)


@require_GET
def classifier_children(request, kind: str, code: str):
    """HTMX fragment: the children of one code, each with its usage count."""
    classifier = _classifier(kind)
    if not classifier.model.objects.filter(code=code).exists():
        raise Http404("unknown code")
    children = classifier.model.objects.filter(parent_id=code).annotate(n_children=Count("children"))
    nodes = _annotate(list(children.order_by("code")), classifier, Usage(classifier, request.user))
    return render(request, "registry/_classifier_nodes.html", {"classifier": classifier, "nodes": nodes})
