"""Stalled deals: flagged after N days without a stage move, the owner reminded once per stall in
the app (a reminder linking to the deal) and by e-mail, again after the next move and stall."""
import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from factories import run_worker
from promkoop.background.registry import kind
from promkoop.background.service import start_job
from promkoop.cooperation.models import Notification
from promkoop.deals import services
from promkoop.deals.models import DealEvent, Stage
from promkoop.deals.stalled import remind_stalled

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_deal(roslavl, rti, member_roslavl, settings):
    settings.PROMKOOP_DEALS_STALLED_DAYS = 30
    settings.PROMKOOP_SITE_URL = "https://promkoop.example"
    member_roslavl.email = "buyer@rts.example"
    member_roslavl.save()
    return services.create_deal(buyer=roslavl, supplier=rti, subject="Манжеты ХЛ", acting_user=member_roslavl,
                                at=timezone.now() - dt.timedelta(days=40))


def test_flag_follows_the_setting(old_deal, settings):
    assert old_deal.is_stalled
    settings.PROMKOOP_DEALS_STALLED_DAYS = 60
    assert not old_deal.is_stalled


def test_serial_supply_and_lost_are_never_stalled(old_deal):
    old_deal = services.move_deal(old_deal, Stage.LOST, reason="нет", at=timezone.now() - dt.timedelta(days=35))
    assert not old_deal.is_stalled


def test_owner_reminded_once_in_app_and_by_mail(old_deal, member_roslavl, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = remind_stalled()
    assert result == {"stalled": 1, "reminded": 1, "days": 30}
    notice = Notification.objects.get(user=member_roslavl)
    assert notice.kind == Notification.Kind.REMINDER and notice.link == old_deal.get_absolute_url()
    assert "Манжеты ХЛ" in notice.message
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@rts.example"]
    assert f"https://promkoop.example/deals/{old_deal.pk}/" in message.body
    assert old_deal.history.filter(kind=DealEvent.Kind.STALLED).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_stalled()["reminded"] == 0
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_a_move_starts_a_new_stall(old_deal, django_capture_on_commit_callbacks):
    remind_stalled()
    services.move_deal(old_deal, Stage.NEGOTIATION, at=timezone.now() - dt.timedelta(days=31))
    assert remind_stalled()["reminded"] == 1
    assert Notification.objects.count() == 2


def test_fresh_deal_not_reminded(roslavl, rti, member_roslavl):
    services.create_deal(buyer=roslavl, supplier=rti, subject="Новая", acting_user=member_roslavl)
    assert remind_stalled() == {"stalled": 0, "reminded": 0, "days": 30}


def test_notification_opens_the_deal(client, old_deal, member_roslavl):
    remind_stalled()
    notice = Notification.objects.get()
    client.force_login(member_roslavl)
    response = client.get(reverse("cooperation:notification", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == old_deal.get_absolute_url()


def test_command_reminds_and_refuses_bad_days(old_deal, capsys):
    call_command("deals_stalled")
    assert "reminded: 1" in capsys.readouterr().out
    with pytest.raises(Exception, match="--days"):
        call_command("deals_stalled", days=0)


def test_job_registered_and_runs_in_worker(old_deal):
    assert kind("deals-stalled").on_start
    job = start_job("deals-stalled", params={"days": 30})
    run_worker()
    job.refresh_from_db()
    assert job.state == "succeeded" and job.result["reminded"] == 1


def test_list_and_board_show_stalled(client, old_deal, member_roslavl):
    client.force_login(member_roslavl)
    assert "без движения" in client.get(reverse("deals:deals")).content.decode()
    assert "без движения" in client.get(reverse("deals:board")).content.decode()
    assert 'id="stalled"' in client.get(old_deal.get_absolute_url()).content.decode()
    page = client.get(reverse("deals:deals"), {"stalled": "on"}).content.decode()
    assert old_deal.subject in page
