"""A large import: every row checked before anything is written, the write done in bulk (a
bounded number of statements, so the write lock is short), and a file above
PROMKOOP_IMPORT_INLINE_BYTES imported by the background worker with progress, from the page and
the API alike."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promkoop.background.models import Job, JobState
from promkoop.registry.importers import import_organizations
from promkoop.registry.jobs import uploads_dir
from promkoop.registry.models import Capability, Organization
from factories import make_inn, run_worker
from test_importers import HEADER, csv_bytes, logged_in, upload

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def many_rows(n: int, *, bad_last: bool = False) -> list[list[str]]:
    rows = [HEADER]
    for i in range(n):
        inn = make_inn(f"7447{i:05d}")
        rows.append([inn, f"ООО «Завод-{i}»", "74", "Челябинск", "", "22.19", "22.29", "да",
                     f"Манжеты серии {i}", "продукция", "22.19.73.110", "-60", "100", "ХЛ1", "резина", "", "", "", "да"])
        rows.append([inn, "", "", "", "", "", "", "", f"Втулки серии {i}", "продукция", "25.99.29.190", "", "", "",
                     "", "", "", "", ""])
    if bad_last:
        rows.append(["1234567890", "ООО «Битый ИНН»", "74", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
                     ""])
    return rows


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_a_file_with_a_bad_last_row_writes_nothing_at_all_not_even_to_roll_back():
    with CaptureQueriesContext(connection) as queries:
        report = import_organizations(csv_bytes(many_rows(30, bad_last=True)), filename="big.csv")

    assert not report.ok and [e.row for e in report.errors] == [62]
    assert _writes(queries.captured_queries) == []  # checked first: the write lock is never taken
    assert Organization.objects.count() == 0


def test_a_good_file_is_written_in_bulk_with_a_bounded_number_of_statements():
    with CaptureQueriesContext(connection) as queries:
        report = import_organizations(csv_bytes(many_rows(120)), filename="big.csv")

    assert report.ok, report.errors
    assert (report.organizations_created, report.capabilities_created) == (120, 240)
    assert len(_writes(queries.captured_queries)) <= 10  # 120 organizations, 120 ОКВЭД links, 240 capabilities
    org = Organization.objects.get(inn=make_inn("744700007"))
    assert (org.name, org.legal_form) == ("Завод-7", "ООО") and list(org.okved_extra.values_list("pk", flat=True)) == ["22.29"]
    assert org.search_text and "завод-7" in org.search_text
    caps = Capability.objects.filter(organization=org).order_by("name")
    assert [c.name for c in caps] == ["Втулки серии 7", "Манжеты серии 7"]
    assert caps[1].temp_min_c == -60 and caps[1].search_text


def test_a_second_run_of_a_changed_file_updates_in_place():
    import_organizations(csv_bytes(many_rows(5)), filename="big.csv")
    rows = many_rows(5)
    rows[1][1] = "ООО «Завод-0 переименованный»"
    rows[1][6] = "28.99"

    report = import_organizations(csv_bytes(rows), filename="big.csv")

    assert (report.organizations_updated, report.organizations_unchanged, report.capabilities_unchanged) == (1, 4, 10)
    org = Organization.objects.get(inn=make_inn("744700000"))
    assert org.name == "Завод-0 переименованный"
    assert list(org.okved_extra.values_list("pk", flat=True)) == ["28.99"]
    assert Organization.objects.count() == 5 and Capability.objects.count() == 10


def test_the_page_imports_a_large_file_in_the_background_and_shows_its_report(officer_chelyabinsk, settings,
                                                                              officer_smolensk):
    settings.PROMKOOP_IMPORT_INLINE_BYTES = 1000
    client = logged_in(officer_chelyabinsk)

    response = client.post(reverse("registry:import"), {"file": upload("big.csv", csv_bytes(many_rows(20))),
                                                        "format": "auto"})

    job = Job.objects.get(kind="import")
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}")
    assert Organization.objects.count() == 0  # nothing in the request
    waiting = client.get(response["Location"])
    assert "в фоне" in waiting.content.decode() and 'hx-trigger="every 2s"' in waiting.content.decode()
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.created_by == officer_chelyabinsk
    assert Organization.objects.count() == 20 and not list(uploads_dir().glob("*.upload"))
    done = client.get(response["Location"], headers={"HX-Request": "true"})
    html = done.content.decode()
    assert "Файл загружен" in html and "hx-trigger" not in html
    assert done.context["report"].organizations_created == 20
    # Another user's import job is not theirs to see.
    assert logged_in(officer_smolensk).get(response["Location"]).status_code == 404


def test_a_background_import_keeps_the_rights_of_the_user_who_started_it(officer_smolensk, settings):
    settings.PROMKOOP_IMPORT_INLINE_BYTES = 1000
    client = logged_in(officer_smolensk)  # Smolensk's officer, a file of Chelyabinsk organizations

    response = client.post(reverse("registry:import"), {"file": upload("big.csv", csv_bytes(many_rows(20))),
                                                        "format": "auto"})
    run_worker()

    html = client.get(response["Location"]).content.decode()
    assert "Файл не загружен" in html and "регион вне вашей зоны" in html
    assert Organization.objects.count() == 0


def test_the_api_answers_202_with_the_job_for_a_large_file(admin_user, settings):
    settings.PROMKOOP_IMPORT_INLINE_BYTES = 1000
    client = logged_in(admin_user)

    response = client.post("/api/import/", {"file": upload("big.csv", csv_bytes(many_rows(20)))})

    assert response.status_code == 202
    body = response.json()
    assert body["status_url"] == f"/api/jobs/{body['job']}"
    run_worker()
    job = client.get(body["status_url"]).json()
    assert job["state"] == "succeeded" and job["result"]["organizations_created"] == 20
    assert job["result"]["ok"] is True and job["result"]["errors_total"] == 0
