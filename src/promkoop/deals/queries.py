"""Reading deals: the filters the list page, the board and the API share (stage or "open", a
party's region or organization, stalled, words of the subject or the parties' names). Callers pass
in what `access.visible_deals` lets the user see."""
from django.db.models import Q

from promkoop.registry.models import fold

from .models import OPEN_STAGES
from .stalled import stalled_q


def filter_deals(qs, data: dict):
    stage = data.get("stage") or ""
    if stage == "open":
        qs = qs.filter(stage__in=OPEN_STAGES)
    elif stage:
        qs = qs.filter(stage=stage)
    if data.get("region"):
        code = getattr(data["region"], "pk", data["region"])
        qs = qs.filter(Q(buyer_region_id=code) | Q(supplier_region_id=code))
    if data.get("organization"):
        qs = qs.filter(Q(buyer_id=data["organization"]) | Q(supplier_id=data["organization"]))
    if data.get("stalled"):
        qs = qs.filter(stalled_q())
    for word in fold(data.get("q") or "").split():
        # SQLite folds only ASCII case: the subject is tried as typed, capitalised and in capitals.
        in_subject = Q()
        for form in {word, word.capitalize(), word.upper()}:
            in_subject |= Q(subject__contains=form)
        qs = qs.filter(in_subject | Q(buyer__search_text__contains=word)
                       | Q(supplier__search_text__contains=word) | Q(contract_number__icontains=word))
    return qs
