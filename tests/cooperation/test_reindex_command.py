"""`promkoop reindex` builds and saves the matching indexes; a second run re-uses them; document
vectors are cached by text hash (`promkoop.matching.CachedEncoder`, tested in tests/matching) so a
rebuild encodes nothing."""
import io

import pytest

from factories import run_worker
from django.core.management import call_command

from promkoop.cooperation import services
from promkoop.cooperation.matching import indexes

from .conftest import NEED_TEXT

pytestmark = pytest.mark.django_db


def _reindex(*args) -> str:
    out = io.StringIO()
    call_command("reindex", *args, stdout=out)
    return out.getvalue()


def test_reindex_builds_saves_and_reuses_the_indexes(arctic_rti, plain_rti, roslavl, roslavl_member):
    # given two capabilities and two published needs
    services.create_need(roslavl, acting_user=roslavl_member, publish=True, title="РТИ для Арктики",
                         description=NEED_TEXT, temp_min_c=-60)
    services.create_need(roslavl, acting_user=roslavl_member, publish=True, title="Отливки из чугуна",
                         description="Серийные поставки отливок из серого чугуна")
    # when reindex runs
    out = _reindex()
    # then each index is reported with its documents and saved to disk
    assert "capabilities: 2 док." in out and "needs: 2 док." in out and "offers: 0 док." in out
    for managed in (indexes.current().capabilities, indexes.current().needs):
        assert managed.path.exists() and managed.state_path.exists()
    if indexes.encoder() is None:
        pytest.skip("no dense encoder installed: nothing to encode")
    assert "закодировано 4" in out
    # and a second run with nothing changed loads them and encodes nothing
    assert "закодировано 0, взято из кэша 0" in _reindex()
    # and a rebuild takes every vector from the cache
    assert "закодировано 0, взято из кэша 4" in _reindex("--rebuild")


def test_reindex_in_the_background_queues_one_job_that_the_worker_runs(arctic_rti, plain_rti):
    from promkoop.background.models import Job, JobState

    out = _reindex("--background")
    again = _reindex("--background")
    job = Job.objects.get(kind="reindex")
    assert f"задача №{job.pk}" in out and f"задача №{job.pk}" in again and f"/jobs/{job.pk}/" in out
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.result["capabilities"] == 2
    assert indexes.current().capabilities.state_path.exists()


def test_a_large_index_is_never_built_in_a_request_the_page_shows_the_job(
        client, settings, arctic_rti, plain_rti, roslavl, roslavl_member):
    from promkoop.background.models import Job

    settings.PROMKOOP_INLINE_INDEX_MAX = 1  # two capabilities count as "large" here
    need = services.create_need(roslavl, acting_user=roslavl_member, publish=True, title="РТИ для Арктики",
                                description=NEED_TEXT, temp_min_c=-60)
    page = client.get(need.get_absolute_url()).content.decode()
    job = Job.objects.get(kind="reindex")
    assert 'id="index-pending"' in page and f"/jobs/{job.pk}/" in page
    assert not indexes.current().capabilities.loaded  # nothing was built in the request
    api = client.get(f"/api/cooperation/needs/{need.pk}/matches")
    assert api.status_code == 503 and api.json()["job"] == job.pk and api["Retry-After"]
    assert Job.objects.filter(kind="reindex").count() == 1  # the waiting job is reused
    run_worker()
    job.refresh_from_db()
    assert job.state == "succeeded", (job.state, job.error)
    page = client.get(need.get_absolute_url()).content.decode()
    assert 'id="index-pending"' not in page and arctic_rti.get_absolute_url() in page


def test_the_organization_page_opens_while_its_opportunities_wait_for_the_index(
        client, settings, arctic_rti, plain_rti, roslavl, roslavl_member):
    from promkoop.background.models import Job

    settings.PROMKOOP_INLINE_INDEX_MAX = 1
    services.create_need(roslavl, acting_user=roslavl_member, publish=True, title="РТИ для Арктики",
                         description=NEED_TEXT, temp_min_c=-60)
    # the supplier's page ranks needs for its capabilities: the index is pending, the page still opens
    answer = client.get(arctic_rti.get_absolute_url())
    assert answer.status_code == 200
    job = Job.objects.get(kind="reindex")
    page = answer.content.decode()
    assert 'id="index-pending"' in page and f"/jobs/{job.pk}/" in page
    run_worker()
    page = client.get(arctic_rti.get_absolute_url()).content.decode()
    assert 'id="index-pending"' not in page and "РТИ для Арктики" in page
