from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "promkoop.cooperation"
    label = "cooperation"
    verbose_name = _("Кооперация")

    def ready(self) -> None:
        from promkoop.registry import record_parts

        from . import access

        def brief(postings) -> list[dict]:
            return [{"id": p.pk, "title": p.title, "kind": p.kind, "status": p.status, "visibility": p.visibility,
                     "okpd2": p.okpd2_id, "published_at": p.published_at, "url": p.get_absolute_url()}
                    for p in postings]

        record_parts.register("needs", lambda org, user: brief(access.organization_needs(user, org)))
        record_parts.register("offers", lambda org, user: brief(access.organization_offers(user, org)))

        # The registry imports no other app: its capability search ranks through the matching engine
        # whose indexes this app keeps, by the function installed here.
        from promkoop.registry.search import set_capability_ranker

        from .matching import indexes
        from .matching.queries import rank_capability_ids

        set_capability_ranker(rank_capability_ids, version=lambda: indexes.current().capabilities.version())
