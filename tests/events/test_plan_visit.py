"""`promkoop plan-visit` on the demo: the founding story's visit (Chelyabinsk rubber-goods makers
touring Smolensk region, 2025-11-14/15) planned from the data, and bad input refused with exit code 2.

The demo is loaded once for the module (inside a transaction rolled back at the end), with the
matching indexes in the module's own VAR_DIR."""
import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from planning.visit_validator import great_circle_km, problems
from promkoop.cooperation.models import Offer
from promkoop.demo import seed_article
from promkoop.events.visit_candidates import visit_request
from promkoop.registry.models import Organization

DATES = "2025-11-14,2025-11-15"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (600 organizations) and the seed's guests: the Chelyabinsk rubber-goods makers,
    the founding story's offer maker first."""
    with django_db_blocker.unblock(), override_settings(VAR_DIR=tmp_path_factory.mktemp("visit-var")):
        with transaction.atomic():
            call_command("demo", size=600, seed=2025, stdout=StringIO())
            maker = Offer.objects.get(source="news").organization
            others = (Organization.objects.filter(region_id="74", is_public=True, okved_main__code__startswith="22.19")
                      .exclude(pk=maker.pk).order_by("pk").values_list("pk", flat=True))
            yield {"guests": [maker.pk, *others],
                   "roslavl": Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")}
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def seed_visit(demo):
    """The command's JSON for the seed's visit, and the planner's input it answered."""
    out = StringIO()
    guests = ",".join(map(str, demo["guests"]))
    call_command("plan_visit", host_region="67", guests=guests, dates=DATES, json=True, time_limit=0.5, stdout=out)
    request = visit_request("67", demo["guests"], [dt.date(2025, 11, 14), dt.date(2025, 11, 15)])
    return json.loads(out.getvalue()), request


def test_the_seed_visit_reaches_roslavl_on_merit(demo, seed_visit):
    """No --must-visit: the brake plant is on the 2-day route because its published need (rubber
    goods for the Arctic) is what the guests make — it is the most valuable host of all."""
    doc, request = seed_visit
    roslavl = demo["roslavl"]
    stops = [s for d in doc["days"] for s in d["stops"]]
    assert roslavl.pk in {s["organization_id"] for s in stops}
    stop = next(s for s in stops if s["organization_id"] == roslavl.pk)
    assert stop["city"] == "Рославль"
    assert max(request.candidates, key=lambda c: c.score).organization_id == roslavl.pk
    assert not any(c.must_visit for c in request.candidates)
    assert any("Резинотехнические изделия" in r for r in stop["reasons"])
    guest_names = {o.display_name for o in Organization.objects.filter(pk__in=demo["guests"])}
    assert all(any(name in r for name in guest_names) for r in stop["reasons"])  # which guest, what matches
    base = (doc["base"]["lat"], doc["base"]["lon"])
    assert doc["base"]["name"] == "Смоленск"
    assert 90 < great_circle_km(*base, stop["lat"], stop["lon"]) < 130  # about 120 km from Smolensk


def test_the_seed_visit_follows_the_schema_and_the_rules(seed_visit):
    doc, request = seed_visit
    assert doc["schema"] == "promkoop.itinerary/1" and doc["host_region"] == "67"
    assert [d["date"] for d in doc["days"]] == ["2025-11-14", "2025-11-15"]
    assert problems(doc, request) == []
    assert doc["status"] in ("OPTIMAL", "FEASIBLE") and doc["total_score"] > 0


def test_a_must_visit_and_a_base_are_honoured(demo):
    """A plant the scores alone would not pick is visited when asked, from a given hotel."""
    candidates = visit_request("67", demo["guests"], [dt.date(2025, 11, 14)]).candidates
    chosen = {c.organization_id for c in candidates}
    extra = Organization.objects.filter(Q(city=None) | Q(city__name="Смоленск"), region_id="67").exclude(
        pk__in=chosen).order_by("pk").first()
    out = StringIO()
    call_command("plan_visit", host_region="67", guests=",".join(map(str, demo["guests"])), dates="2025-11-14",
                 must_visit=str(extra.pk), base="54.7800,32.0400", json=True, time_limit=0.5, stdout=out)
    doc = json.loads(out.getvalue())
    assert extra.pk in {s["organization_id"] for s in doc["days"][0]["stops"]}
    assert doc["base"] == {"name": "54.78000, 32.04000", "lat": 54.78, "lon": 32.04}


@pytest.mark.parametrize("options, named", [
    ({"host_region": "00"}, "--host-region 00"),
    ({"guests": "999999"}, "--guests 999999"),
    ({"guests": "12,abc"}, "--guests abc"),
    ({"must_visit": "999998"}, "--must-visit 999998"),
    ({"dates": "2025-11-14,15.11.2025"}, "--dates 15.11.2025"),
    ({"dates": "2025-13-01"}, "--dates 2025-13-01"),
    ({"day": "09:00-10:00"}, "--day 09:00-10:00"),
    ({"day": "9-18"}, "--day 9-18"),
    ({"lunch": "13:00"}, "--lunch 13:00"),
    ({"base": "north"}, "--base north"),
    ({"visit_minutes": 0}, "--visit-minutes 0"),
])
def test_bad_input_is_named_with_exit_code_2(demo, options, named):
    arguments = {"host_region": "67", "guests": str(demo["guests"][0]), "dates": DATES} | options
    with pytest.raises(CommandError) as caught:
        call_command("plan_visit", json=True, stdout=StringIO(), **arguments)
    assert caught.value.returncode == 2
    assert named in str(caught.value)


def test_a_guest_from_the_host_region_is_refused(demo):
    with pytest.raises(CommandError) as caught:
        call_command("plan_visit", host_region="67", guests=str(demo["roslavl"].pk), dates=DATES, stdout=StringIO())
    assert caught.value.returncode == 2 and f"--guests {demo['roslavl'].pk}" in str(caught.value)


def test_the_shell_command_exits_with_2_and_says_why(tmp_path):
    """Through `promkoop`: the message on stderr, exit code 2 (a malformed window needs no database)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/none.sqlite3", "PROMKOOP_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "promkoop.cli", "plan-visit", "--host-region", "67", "--guests", "1",
                           "--dates", DATES, "--lunch", "1pm", "--json"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "--lunch 1pm" in done.stderr and done.stdout == ""
