"""Background jobs: queued with a row people can watch, run by the real database worker,
progress and errors recorded, visible only to whom they concern."""
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from factories import run_worker
from promkoop.background.models import Job, JobState
from promkoop.background.registry import job
from promkoop.background.service import start_job


@job("test-count", "Счёт для теста")
def count_to(progress, n: int, fail_at: int | None = None):
    for i in range(1, n + 1):
        if i == fail_at:
            raise ValueError(f"не удалось на шаге {i}")
        progress.step(i, n, f"шаг {i}")
    return {"counted": n}


def test_a_job_runs_in_the_worker_and_records_its_result(db):
    queued = start_job("test-count", params={"n": 5})
    assert queued.state == JobState.QUEUED
    run_worker()
    queued.refresh_from_db()
    assert queued.state == JobState.SUCCEEDED
    assert (queued.done, queued.total, queued.percent) == (5, 5, 100)
    assert queued.result == {"counted": 5} and queued.finished_at is not None


def test_a_failing_job_says_why_and_stays_failed(db):
    queued = start_job("test-count", params={"n": 5, "fail_at": 3})
    run_worker()
    queued.refresh_from_db()
    assert queued.state == JobState.FAILED
    assert "шаге 3" in queued.error and queued.done == 2


def test_the_same_job_is_not_queued_twice_while_one_waits(db):
    first = start_job("test-count", params={"n": 2})
    assert start_job("test-count", params={"n": 2}) == first
    assert start_job("test-count", params={"n": 3}) != first
    run_worker()
    assert start_job("test-count", params={"n": 2}) != first  # the first one has finished


def test_an_unknown_kind_is_refused_when_queued(db):
    with pytest.raises(LookupError):
        start_job("no-such-job")
    assert not Job.objects.exists()


def test_progress_page_polls_while_active_and_stops_when_done(db, client):
    queued = start_job("test-count", params={"n": 3})
    page = client.get(reverse("background:job", args=[queued.pk]))
    assert page.status_code == 200
    assert "Счёт для теста" in page.content.decode() and 'hx-trigger="every 2s"' in page.content.decode()
    run_worker()
    fragment = client.get(reverse("background:job", args=[queued.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "Готово" in fragment and "<progress" not in fragment


def test_a_persons_job_is_hidden_from_others_and_guests(db, client):
    owner = User.objects.create_user("owner", password="pw-owner-1")
    other = User.objects.create_user("other", password="pw-other-1")
    private = start_job("test-count", params={"n": 1}, user=owner)
    system = start_job("test-count", params={"n": 2})
    assert client.get(reverse("background:job", args=[private.pk])).status_code == 404
    assert client.get(reverse("background:job", args=[system.pk])).status_code == 200
    client.force_login(other)
    assert client.get(reverse("background:job", args=[private.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("background:job", args=[private.pk])).status_code == 200
    listing = client.get(reverse("background:jobs")).content.decode()
    assert listing.count("Счёт для теста") == 2


def test_the_api_reports_a_jobs_progress_to_whom_may_see_it(db, client):
    owner = User.objects.create_user("owner", password="pw-owner-1")
    system = start_job("test-count", params={"n": 4})
    private = start_job("test-count", params={"n": 1}, user=owner)
    body = client.get(f"/api/jobs/{system.pk}").json()
    assert (body["kind"], body["state"], body["done"]) == ("test-count", "queued", 0)
    assert client.get(f"/api/jobs/{private.pk}").status_code == 404
    run_worker()
    body = client.get(f"/api/jobs/{system.pk}").json()
    assert (body["state"], body["percent"], body["result"]) == ("succeeded", 100, {"counted": 4})
