"""Officers hear of what concerns their region (issue 12): another region's newly published need that
their region's companies match — found by the background `region-matches` job, never in the request —
and a response to a need of their region. Each notice once, only to officers who may see the need."""
import pytest
from django.urls import reverse

from factories import make_user, run_worker
from promkoop.accounts.models import Role
from promkoop.background.models import Job, JobState
from promkoop.cooperation import services
from promkoop.cooperation.models import MatchProposal, Notification
from promkoop.registry import services as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(db):
    return {code: make_user(f"officer{code}", Role.OFFICER, region_id=code) for code in ("67", "74", "71")}


@pytest.fixture
def bakery(db):
    """A Tula firm whose capability shares nothing with rubber goods."""
    org = registry.create_organization(name="Тульский хлебозавод", region_id="71")
    registry.create_capability(org, name="Хлеб и булочные изделия", okpd2_id="10.71")
    return org


def _publish(roslavl, need_values, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_need(roslavl, publish=True, **{**need_values, **extra})


def _region_notices(user):
    return list(Notification.objects.filter(user=user, kind=Notification.Kind.REGION_MATCH))


def test_publishing_a_need_queues_the_job_and_matches_nothing_in_the_request(
        client, roslavl_member, need_values, arctic_rti, django_capture_on_commit_callbacks):
    client.force_login(roslavl_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperation:need_create"),
                    {**need_values, "organization": roslavl_member.profile.organization_id, "publish": "1",
                     "visibility": "public"})
    need = roslavl_member.profile.organization.needs.get()
    assert need.is_published
    job = Job.objects.get(kind="region-matches")
    assert job.params == {"need": need.pk} and job.state == JobState.QUEUED
    assert not MatchProposal.objects.filter(need=need).exists(), "nothing is ranked in the request"


def test_the_job_tells_the_officers_of_the_matching_regions_once(
        roslavl, arctic_rti, plain_rti, bakery, officers, need_values, django_capture_on_commit_callbacks):
    need = _publish(roslavl, need_values, django_capture_on_commit_callbacks)
    run_worker()
    job = Job.objects.get(kind="region-matches")
    assert job.state == JobState.SUCCEEDED, job.error
    [notice] = _region_notices(officers["74"])
    assert notice.need == need and arctic_rti.display_name in notice.message
    assert "Смоленская область" in notice.message
    assert _region_notices(officers["67"]) == [], "the need's own region is not told about its own need"
    assert _region_notices(officers["71"]) == [], "a bakery does not match rubber goods"
    assert MatchProposal.objects.filter(need=need, organization=arctic_rti, partner_region_id="74").exists()
    assert not MatchProposal.objects.filter(need=need, organization=bakery).exists()
    # the job run again (or for every published need) tells nobody twice
    services.queue_region_matches(need.pk)
    run_worker()
    assert len(_region_notices(officers["74"])) == 1
    assert job.result == {"needs": 1, "notified": 1}


def test_a_private_need_is_never_announced_to_another_regions_officer(
        roslavl, arctic_rti, officers, need_values, django_capture_on_commit_callbacks):
    need = _publish(roslavl, need_values, django_capture_on_commit_callbacks, visibility="private")
    run_worker()
    assert Job.objects.get(kind="region-matches").state == JobState.SUCCEEDED
    assert _region_notices(officers["74"]) == []
    assert not Notification.objects.filter(message__contains=need.title).exists()


def test_a_response_tells_the_officers_of_the_needs_region(
        roslavl, arctic_rti, officers, roslavl_member, need_values, django_capture_on_commit_callbacks):
    need = services.create_need(roslavl, publish=True, **need_values)
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_need(need, arctic_rti, text="Изготовим манжеты ХЛ по ТЗ")
    [notice] = Notification.objects.filter(user=officers["67"], kind=Notification.Kind.REGION_RESPONSE)
    assert notice.need == need and arctic_rti.display_name in notice.message
    assert not Notification.objects.filter(user__in=[officers["74"], officers["71"]]).exists()
    assert Notification.objects.filter(user=roslavl_member, kind=Notification.Kind.RESPONSE).exists()


def test_a_response_to_a_private_need_is_not_told_to_the_regions_officer(
        roslavl, arctic_rti, officers, need_values, django_capture_on_commit_callbacks):
    need = services.create_need(roslavl, publish=True, visibility="private", **need_values)
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_need(need, arctic_rti, text="Изготовим")
    assert not Notification.objects.filter(user=officers["67"]).exists()


def test_the_command_proposes_for_every_published_need_and_tells_nobody_twice(roslavl, arctic_rti, officers,
                                                                             need_values):
    from io import StringIO

    from django.core.management import call_command

    first = services.create_need(roslavl, publish=True, **need_values)  # no job queued: nothing committed
    second = services.create_need(roslavl, publish=True, **{**need_values, "title": "Манжеты ХЛ"})
    out = StringIO()
    call_command("region_matches", stdout=out)
    assert "Потребностей: 2, уведомлений сотрудникам: 2" in out.getvalue()
    assert {n.need for n in _region_notices(officers["74"])} == {first, second}
    call_command("region_matches", need=first.pk, stdout=out)
    assert len(_region_notices(officers["74"])) == 2
    call_command("region_matches", background=True, stdout=out)
    assert Job.objects.get(kind="region-matches").params == {}
