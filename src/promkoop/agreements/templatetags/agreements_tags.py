"""Template tags of the agreements app used on other apps' pages: the agreements an event produced
or an organization is a party to (those the viewer may see). The event and registry apps load this
tag in their templates and import nothing of agreements."""
from django import template

from promkoop.agreements import access
from promkoop.events.models import Event
from promkoop.registry.models import Organization

register = template.Library()


@register.inclusion_tag("agreements/_linked_agreements.html", takes_context=True)
def linked_agreements(context, obj):
    """`{% linked_agreements event %}` or `{% linked_agreements organization %}`."""
    user = getattr(context.get("request"), "user", None)
    qs = access.visible_agreements(user)
    if isinstance(obj, Event):
        qs = qs.filter(events=obj)
    elif isinstance(obj, Organization):
        qs = qs.filter(organizations=obj)
    else:
        qs = qs.none()
    return {"agreements": list(qs.order_by("-date_signed", "-id")[:50])}
