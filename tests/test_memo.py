"""`promkoop.memo.once_per_request`: a data version read once within a GET, always afresh elsewhere."""
import pytest
from django.core.signals import request_finished, request_started

from promkoop.memo import once_per_request

pytestmark = pytest.mark.django_db  # the request signals also close old database connections


def _reads(method: str | None) -> int:
    calls = []
    if method:
        request_started.send(sender=None, environ={"REQUEST_METHOD": method})
    try:
        for _ in range(3):
            once_per_request("probe", lambda: calls.append(1) or len(calls))
    finally:
        if method:
            request_finished.send(sender=None)
    return len(calls)


@pytest.mark.parametrize("method, reads", [("GET", 1), ("HEAD", 1), ("POST", 3), ("PATCH", 3), (None, 3)])
def test_a_value_is_read_once_per_get_and_every_time_otherwise(method, reads):
    assert _reads(method) == reads


def test_nothing_is_carried_from_one_request_to_the_next():
    assert _reads("GET") == 1
    assert _reads("GET") == 1
    assert _reads(None) == 3  # after the request: no scope left open


def test_an_organization_page_reads_each_version_once(client, django_assert_max_num_queries):
    """The page asks for the registry's version and several indexes' stamps; the organizations' aggregates
    they share are queried once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from promkoop.registry.models import Organization, Region

    region = Region.objects.first() or Region.objects.create(code="67", name="Смоленская область")
    org = Organization.objects.create(name="ООО «Проба»", region=region, is_public=True)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(org.get_absolute_url()).status_code == 200
    public_counts = [q for q in queries.captured_queries
                     if 'COUNT(*)' in q["sql"] and '"registry_organization"."is_public"' in q["sql"]
                     and "GROUP BY" not in q["sql"]]
    assert len(public_counts) == 1, [q["sql"] for q in public_counts]
