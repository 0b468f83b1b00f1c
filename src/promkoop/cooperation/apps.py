from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "promkoop.cooperation"
    label = "cooperation"
    verbose_name = _("Кооперация")

    def ready(self) -> None:
        # The registry imports no other app: its capability search ranks through the matching engine
        # whose indexes this app keeps, by the function installed here.
        from promkoop.registry.search import set_capability_ranker

        from .matching.queries import rank_capability_ids

        set_capability_ranker(rank_capability_ids)
