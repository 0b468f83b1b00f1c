"""One-click deal starts on other apps' pages (need responses, offers, visit stops and outcomes,
news drafts) and the organization page's deals section, shown only to those who may act."""
import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from promkoop.cooperation import services as coop
from promkoop.deals import services
from promkoop.deals.models import Deal, Origin
from promkoop.events import services as events
from promkoop.events.models import Participation

pytestmark = pytest.mark.django_db


def _render(user, text: str, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load deals_tags %}" + text).render(Context({"request": request, **context}))


def _start_link(page: str) -> dict:
    start = page.index('class="deal-start')
    href = page[page.index('href="', start) + 6:]
    href = href[:href.index('"')].replace("&amp;", "&")
    return {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}


def test_start_deal_shown_to_party_member_and_region_officer_only(roslavl, rti, member_roslavl, officer74,
                                                                 officer50, guest):
    tag = '{% start_deal "match" need=5 partner=p buyer=b supplier=p %}'
    for user, shown in ((member_roslavl, True), (officer74, True), (officer50, False), (guest, False)):
        page = _render(user, tag, b=roslavl.pk, p=rti.pk)
        assert ("Начать сделку" in page) is shown, user


def test_a_response_page_accepts_the_response_into_a_deal_with_its_origin(client, roslavl, rti, member_roslavl,
                                                                          member_rti):
    need = coop.create_need(roslavl, title="РТИ для Арктики", description="манжеты ХЛ", publish=True)
    response = coop.respond_to_need(need, rti, text="Сделаем образцы по ТЗ", price="250000")
    # the responder's side sees the response but not the button: the need's side decides
    client.force_login(member_rti)
    assert "Принять и начать сделку" not in client.get(response.get_absolute_url()).content.decode()
    client.force_login(member_roslavl)
    page = client.get(need.get_absolute_url()).content.decode()
    assert response.get_absolute_url() in page[page.index('id="responses"'):]
    page = client.get(response.get_absolute_url()).content.decode()
    assert "Принять и начать сделку" in page
    started = client.post(reverse("deals:from_response", args=[response.pk]))
    deal = Deal.objects.get()
    assert started.status_code == 302 and started["Location"] == deal.get_absolute_url()
    assert (deal.origin, deal.origin_need, deal.origin_response) == (Origin.RESPONSE, need, response)
    assert (deal.buyer, deal.supplier, str(deal.expected_value_rub)) == (roslavl, rti, "250000.00")
    response.refresh_from_db()
    assert response.status == "accepted"
    # the response page now leads to the deal instead of offering a second one
    page = client.get(response.get_absolute_url()).content.decode()
    assert deal.get_absolute_url() in page and "Принять и начать сделку" not in page
    client.post(reverse("deals:from_response", args=[response.pk]))
    assert Deal.objects.count() == 1


def test_offer_page_button(client, rti, member_roslavl, roslavl):
    offer = coop.create_offer(rti, title="Морозостойкие манжеты", description="ХЛ до −60", publish=True)
    client.force_login(member_roslavl)
    params = _start_link(client.get(offer.get_absolute_url()).content.decode())
    assert params == {"origin": "offer", "offer": str(offer.pk)}
    response = client.post(reverse("deals:deal_create"), {**params, "buyer": roslavl.pk, "supplier": rti.pk,
                                                          "subject": offer.title})
    deal = Deal.objects.get()
    assert response.status_code == 302 and (deal.origin, deal.origin_offer) == (Origin.OFFER, offer)


def test_visit_stop_outcome_button(client, roslavl, rti, officer67):
    day = dt.date(2025, 11, 14)
    event = events.create_event(kind="delegation_visit", title="Визит делегации Челябинской области",
                                host_region_id="67", start_date=day, end_date=day, venue="Рославль",
                                guest_regions=["74"])
    events.register_participant(event, roslavl, role=Participation.Role.HOST)
    events.register_participant(event, rti, role=Participation.Role.GUEST)
    events.record_outcome(event, stop_organization=roslavl, result="follow_up", next_step="Прислать ТЗ")
    client.force_login(officer67)
    page = client.get(event.get_absolute_url()).content.decode()
    params = _start_link(page[page.index('id="outcomes"'):])
    assert params == {"origin": "visit_stop", "event": str(event.pk), "organization": str(roslavl.pk)}
    client.post(reverse("deals:deal_create"), {**params, "buyer": roslavl.pk, "supplier": rti.pk,
                                               "subject": "РТИ"})
    deal = Deal.objects.get()
    assert (deal.origin, deal.origin_event, deal.buyer) == (Origin.VISIT_STOP, event, roslavl)


def test_organization_page_lists_visible_deals_only(client, deal, roslavl, officer67, officer50):
    client.force_login(officer67)
    page = client.get(roslavl.get_absolute_url()).content.decode()
    assert 'id="deals"' in page and deal.subject in page
    client.force_login(officer50)
    assert deal.subject not in client.get(roslavl.get_absolute_url()).content.decode()
    client.logout()
    assert deal.subject not in client.get(roslavl.get_absolute_url()).content.decode()


def test_news_draft_need_prefills_article_and_buyer(client, roslavl, rti, member_rti):
    from promkoop.news.models import Article, ExtractedNeed

    article = Article.objects.create(title="Челябинцы в Смоленске", text="…", content_hash="x" * 64)
    draft = ExtractedNeed.objects.create(article=article, organization=roslavl, subject="РТИ для Арктики")
    client.force_login(member_rti)
    page = client.get(article.get_absolute_url()).content.decode()
    params = _start_link(page)
    assert params == {"origin": "news", "draft": str(draft.pk)}
    client.post(reverse("deals:deal_create"), {**params, "buyer": roslavl.pk, "supplier": rti.pk,
                                               "subject": draft.subject})
    deal = Deal.objects.get()
    assert (deal.origin, deal.origin_article, deal.buyer, deal.supplier) == (Origin.NEWS, article, roslavl, rti)


def test_meeting_origin_for_its_parties_only(client, roslavl, rti, moscow_firm, member_rti, member_moscow):
    from zoneinfo import ZoneInfo

    day = dt.date(2025, 11, 14)
    event = events.create_event(kind="b2b_session", title="B2B-сессия", host_region_id="67", start_date=day,
                                end_date=day, venue="Смоленск", guest_regions=["74"])
    slot, = events.configure_b2b(event, tables=1, slots=[{"label": "s1", "session": 1, "minutes": 20,
                                 "starts_at": dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("Europe/Moscow"))}])
    a = events.register_participant(event, roslavl, role=Participation.Role.HOST)
    b = events.register_participant(event, rti, role=Participation.Role.GUEST)
    meeting = events.schedule_meeting(event, a, b, slot, 1)
    events.record_outcome(event, meeting=meeting, result="follow_up")
    client.force_login(member_rti)
    page = client.get(event.get_absolute_url()).content.decode()
    params = _start_link(page[page.index('id="outcomes"'):])
    assert params == {"origin": "meeting", "meeting": str(meeting.pk)}
    client.post(reverse("deals:deal_create"), {**params, "buyer": roslavl.pk, "supplier": rti.pk, "subject": "РТИ"})
    deal = Deal.objects.get()
    assert (deal.origin, deal.origin_meeting, deal.origin_event) == (Origin.MEETING, meeting, event)
    client.force_login(member_moscow)
    assert client.get(reverse("deals:deal_create"), params).status_code == 404
