"""Shared by the list pages: paging, text search over `search_text`, and
answering an HTMX request with the results fragment instead of the whole page."""
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from .. import crosslang
from ..models import fold

PAGE_SIZE = 20


def paginate(request, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; a missing, malformed or too large page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def search_words(queryset: QuerySet, text: str, field: str = "search_text") -> QuerySet:
    """Keep rows whose folded search text contains every word of `text` (case- and ё-insensitive);
    an English word may instead be found as one of its Russian translations ("rubber" → "резин")."""
    for word in fold(text).split():
        condition = Q(**{f"{field}__contains": word})
        for stem in crosslang.russian_stems(word):
            condition |= Q(**{f"{field}__contains": stem})
        queryset = queryset.filter(condition)
    return queryset


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def render_list(request, template: str, fragment: str, context: dict):
    """The full page, or for HTMX only the fragment with the results."""
    response = render(request, fragment if is_htmx(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
