"""Template tags for other apps' pages: the news articles that mention an organization
(used by `news/_org_articles.html`, included on the registry organization page)."""
from django import template

from ..queries import articles_mentioning as _articles_mentioning

register = template.Library()

MAX_ARTICLES = 20


@register.simple_tag
def articles_mentioning(org):
    """The newest articles with a fact linked to `org` (a list, at most MAX_ARTICLES)."""
    if org is None:
        return []
    # only what the list shows: an article's text and extraction can run to megabytes
    return list(_articles_mentioning(org).only("id", "title", "published_at")[:MAX_ARTICLES])
