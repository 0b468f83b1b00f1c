"""The small world the permission matrix runs against, built through the services (news facts and
drafts directly, as ingesting needs the NLP engine): one object of each kind the URLs name, and a
user of each role. `build_world()` returns a dict name -> object (users under their role names)."""
import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from factories import make_inn, make_member, make_roslavl, make_user
from promkoop.accounts.models import Role
from promkoop.agreements import services as agreements
from promkoop.background.files import save_file
from promkoop.background.models import Job, JobState
from promkoop.cooperation import services as cooperation
from promkoop.cooperation.models import Notification
from promkoop.cooperation.notices import Notice
from promkoop.deals import services as deals
from promkoop.events import services as events
from promkoop.events.models import Participation
from promkoop.news.models import Article, ExtractedNeed, Fact
from promkoop.registry import services as registry
from promkoop.registry.models import City, Organization

MSK = ZoneInfo("Europe/Moscow")
DAY = dt.date(2026, 3, 10)

ROLES = ("anon", "guest", "member", "officer67", "officer74", "admin")


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"matrix", content_type="text/plain")


def build_world() -> dict:
    w: dict = {}
    # Registry: a public Roslavl plant, a private Smolensk firm, a Chelyabinsk maker.
    w["roslavl"] = roslavl = make_roslavl()
    w["private67"] = private67 = registry.create_organization(
        name="Смоленский закрытый приборный завод", inn=make_inn("673100003"), region_id="67", is_public=False)
    w["chel"] = chel = registry.create_organization(
        name="Челябинский завод РТИ", short_name="ЧЗРТИ", inn=make_inn("744700002"), region_id="74",
        city_id=City.objects.get(name="Челябинск", region_id="74").pk, kind=Organization.Kind.ENTERPRISE)
    w["capability"] = registry.create_capability(roslavl, name="Пневматические тормозные аппараты",
                                                 okpd2_id="29.32")
    w["private_capability"] = registry.create_capability(private67, name="Секретные датчики давления", okpd2_id="26.51")
    w["chel_capability"] = registry.create_capability(chel, name="Морозостойкие манжеты", okpd2_id="22.19")

    # Users of each role.
    w["guest"] = make_user("mx-guest", Role.GUEST)
    w["member"] = member = make_member("mx-member", roslavl)
    w["chel_member"] = chel_member = make_member("mx-chel-member", chel)
    w["officer67"] = make_user("mx-officer67", Role.OFFICER, region_id="67")
    w["officer74"] = make_user("mx-officer74", Role.OFFICER, region_id="74")
    w["admin"] = make_user("mx-admin", Role.ADMIN, superuser=True)

    # Cooperation: needs of Roslavl (published, draft, published private), offers, a response.
    need = dict(description="Манжеты для тормозных камер", okpd2_id="22.19", kind="serial_supply")
    w["need"] = cooperation.create_need(roslavl, title="Манжеты", publish=True, **need)
    w["need_draft"] = cooperation.create_need(roslavl, title="Манжеты-черновик РТС", **need)
    w["need_officers"] = cooperation.create_need(roslavl, title="Манжеты для сотрудников РТС", publish=True,
                                                 visibility="officers", **need)
    w["need_private"] = cooperation.create_need(roslavl, title="Закрытые манжеты РТС", publish=True,
                                                visibility="private", **need)
    w["offer"] = cooperation.create_offer(roslavl, title="Тормозные камеры", description="Серийно",
                                          okpd2_id="29.32", kind="serial_supply", publish=True)
    w["chel_need"] = cooperation.create_need(chel, title="Отливки", publish=True, description="Чугун",
                                             okpd2_id="24.51", kind="serial_supply")
    w["response"] = cooperation.respond_to_need(w["need"], chel, acting_user=chel_member, text="Сделаем")
    w["response_message"] = cooperation.post_response_message(w["response"], side="responder", acting_user=chel_member,
                                                              text="Когда нужны образцы?")
    w["saved_search"] = cooperation.save_search(member, name="Манжеты", text="манжеты")
    w["notification"] = cooperation.notify_user(
        member, Notice("invite", {"owner": "РТС", "org": "РТС", "title": "Манжеты"}), kind=Notification.Kind.REMINDER)

    # Events: a B2B session hosted by region 67 (no guest regions), Roslavl and Chelyabinsk take part.
    w["event"] = event = events.create_event(
        kind="b2b_session", title="Смоленская B2B-сессия", host_region_id="67", start_date=DAY, end_date=DAY,
        venue="Смоленск")
    slots = events.configure_b2b(event, tables=1, slots=[
        {"label": "s1", "session": 1, "minutes": 20, "starts_at": dt.datetime.combine(DAY, dt.time(10), MSK)},
        {"label": "s2", "session": 1, "minutes": 20, "starts_at": dt.datetime.combine(DAY, dt.time(11), MSK)}])
    w["participation"] = p_roslavl = events.register_participant(event, roslavl, role=Participation.Role.HOST)
    w["chel_participation"] = p_chel = events.register_participant(event, chel)
    w["meeting_request"] = events.request_meeting(event, p_chel, p_roslavl)
    w["meeting"] = events.schedule_meeting(event, p_roslavl, p_chel, slots[0], 1)
    w["agenda_item"] = events.add_agenda_item(event, date=DAY, title="Открытие", start_time=dt.time(9))
    w["event_document"] = events.add_document(event, _upload("programme.txt"), title="Программа")

    # A delegation visit hosted by region 67 whose host participant, Roslavl, is its stop.
    w["visit"] = visit = events.create_event(
        kind="delegation_visit", title="Визит делегации", host_region_id="67", start_date=DAY, end_date=DAY,
        venue="Рославль")
    events.register_participant(visit, roslavl, role=Participation.Role.HOST)

    # Deals: Roslavl buys from the Chelyabinsk maker.
    w["deal"] = deal = deals.create_deal(buyer=roslavl, supplier=chel, subject="Манжеты", acting_user=member)
    w["deal_comment"] = deals.add_comment(deal, "Ждём ТЗ", acting_user=member)
    w["deal_document"] = deals.attach_document(deal, _upload("tz.txt"), acting_user=member)

    # News: an article with an organization fact and a need draft of Roslavl.
    w["article"] = article = Article.objects.create(title="Смоленск и Челябинск", text="Текст статьи.",
                                                    content_hash="matrix-article")
    w["fact"] = fact = Fact.objects.create(article=article, type="organization", name=roslavl.name, region_id="67",
                                           organization=roslavl, link_status="linked_auto")
    w["open_fact"] = Fact.objects.create(article=article, type="organization", name="СмолМаш", region_id="67",
                                         link_status="needs_review")
    w["news_draft"] = ExtractedNeed.objects.create(article=article, fact=None, organization=roslavl,
                                                   region_id="67", subject="Манжеты")
    del fact

    # Agreements of region 67 with the Roslavl plant: a public one with its document, one kept to its
    # parties.
    w["agreement"] = agreements.create_agreement(
        kind="region_enterprise", title="Соглашение Смоленской области с РТС", regions=["67"],
        organizations=[roslavl])
    agreements.attach_document(w["agreement"], _upload("agreement.txt"))
    w["agreement_private"] = agreements.create_agreement(
        kind="region_enterprise", title="Закрытое соглашение РТС", regions=["67"], organizations=[roslavl],
        visibility="parties")

    # A background job the member started.
    w["job"] = Job.objects.create(kind="import", created_by=member)
    # A finished export of the member's, with its file.
    w["file_job"] = Job.objects.create(kind="capability_export", created_by=member, state=JobState.SUCCEEDED,
                                       result={"file": "capabilities.xlsx", "rows": 0})
    save_file(w["file_job"], "capabilities.xlsx", b"PK")
    return w
