"""Notifications are worded in their reader's language (issue 12): a notice keeps a message id and its
parameters and is worded when read, so one made in Russian reads English to an English-mode user;
rows made before message ids show their stored text."""
import pytest
from django.utils import translation

from promkoop.cooperation import services
from promkoop.cooperation.models import Notification, Response, ResponseStatus

API = "/api/cooperation"


@pytest.fixture
def responded(roslavl, roslavl_member, arctic_rti, rti_member, need_values, django_capture_on_commit_callbacks):
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, publish=True, **need_values)
        services.respond_to_need(need, arctic_rti, acting_user=rti_member, text="Изготовим опытную партию")
    return Notification.objects.get(user=roslavl_member)


def test_a_notice_made_in_russian_reads_english_with_english_active(responded):
    assert responded.message == "Отклик от «ЧЗРТИ» на потребность «РТИ для арктических условий»"
    assert responded.message_id == "response"
    with translation.override("en"):
        assert responded.text == "Response from “ЧЗРТИ” to the need “РТИ для арктических условий”"
    with translation.override("ru"):
        assert responded.text == responded.message


def test_the_notifications_page_and_api_speak_the_readers_language(client, responded, roslavl_member):
    client.force_login(roslavl_member)
    client.cookies["django_language"] = "en"
    page = client.get("/cooperation/notifications/").content.decode()
    assert "Response from “ЧЗРТИ”" in page and "Отклик от" not in page
    items = client.get(API + "/notifications", HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    assert items[0]["message"].startswith("Response from “ЧЗРТИ”")


def test_word_parameters_are_worded_when_read(responded, roslavl_member, rti_member,
                                              django_capture_on_commit_callbacks):
    response = Response.objects.get()
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        services.set_response_status(response, ResponseStatus.ACCEPTED, acting_user=roslavl_member)
    notice = Notification.objects.get(user=rti_member, message_id="response_status")
    assert notice.params["status"] == ResponseStatus.ACCEPTED  # the code, not a Russian word
    with translation.override("en"):
        assert notice.text.endswith(": " + str(ResponseStatus.ACCEPTED.label))
        assert "Отклик" not in notice.text


def test_old_rows_and_unknown_ids_fall_back_to_the_stored_text(roslavl_member):
    old = Notification.objects.create(user=roslavl_member, kind=Notification.Kind.REMINDER,
                                      message="Старое уведомление без id")
    gone = Notification.objects.create(user=roslavl_member, kind=Notification.Kind.REMINDER,
                                       message="Текст удалённого шаблона", message_id="no-such-text",
                                       params={"x": 1})
    with translation.override("en"):
        assert old.text == "Старое уведомление без id"
        assert gone.text == "Текст удалённого шаблона"
