"""The permission matrix: for every page URL pattern and every API operation, what each role gets.

An expectation is six words, one per role in the order of `ROLES`:
anonymous, guest, member of the Roslavl plant (region 67), officer of region 67, officer of
region 74, admin. Each word is
- `ok`    — allowed: 2xx, or a 3xx that is not the login page; for a write also a 400/422 answer
            (the request got past the permission check to validation);
- `login` — sent to sign in: a redirect to the login page (pages), 401 (API);
- `deny`  — 403 or 404 (a record one may not see does not exist for them);
- `empty` — an API read answered 200 with an empty list: the caller may ask, and sees nothing;
- `refused` — an entry with an `effect` check answered like `ok`, but the effect did not happen
            (a page that refuses through its form, e.g. offering no organization to choose).

A page entry names the URL pattern (`namespace:name`) and gives one expectation per method
tried (`GET=`, `POST=`); an API entry names the operation as `METHOD /api/path` exactly as the
OpenAPI schema lists it. `params` fill the URL: a value names an object of the world
(tests/web/permission_world.py; its pk is used) or, after "=", is taken literally. A body
value "@name" is the pk of a world object. `variant` tells apart entries of one pattern that
differ in their object (a public and a private organization).

Adding an app's URLs is a few lines each:

    *page("agreements:agreement", {"pk": "agreement"}, GET=PUBLIC),
    api("POST /api/agreements", REGION67, body={"title": "…"}),
"""
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anon", "guest", "member", "officer67", "officer74", "admin")
OUTCOMES = {"ok", "empty", "refused", "login", "deny"}

# The usual rows.
PUBLIC = "ok ok ok ok ok ok"
SIGNED_IN = "login ok ok ok ok ok"
# Any regional officer and admins.
STAFF = "login deny deny ok ok ok"
# The Roslavl plant's member, officers of region 67, admins.
OWN = "login deny ok ok deny ok"
# Region 67's officers and admins.
REGION67 = "login deny deny ok deny ok"
# Those who may post for some organization: members, officers, admins.
ACTORS = "login deny ok ok ok ok"
ADMIN = "login deny deny deny deny ok"
# The same, where the app answers an anonymous visitor 403 instead of sending them to sign in.
STAFF_403 = "deny deny deny ok ok ok"
REGION67_403 = "deny deny deny ok deny ok"
OWN_403 = "deny deny ok ok deny ok"
# Lists of one's own things, of which only the member has some.
OWN_LIST = "login empty ok empty empty empty"


@dataclass(frozen=True)
class Entry:
    target: str  # "namespace:name" (page) or "METHOD /api/path" (API operation)
    method: str
    expect: dict
    params: dict = field(default_factory=dict)
    variant: str = ""
    body: dict | None = None
    files: dict | None = None  # multipart: field -> file name (a small text file is sent)
    effect: Callable[[dict], bool] | None = None  # world -> whether the write took place

    @property
    def is_api(self) -> bool:
        return " " in self.target

    @property
    def id(self) -> str:
        name = self.target if self.is_api else f"{self.method} {self.target}"
        return f"{name}[{self.variant}]" if self.variant else name


def _expect(row: str) -> dict:
    words = row.split()
    assert len(words) == len(ROLES) and set(words) <= OUTCOMES, row
    return dict(zip(ROLES, words))


def page(name: str, params: dict | None = None, *, variant: str = "", body: dict | None = None,
         files: dict | None = None, effect=None, **methods: str) -> list[Entry]:
    """Entries for one page URL pattern, one per method given (`GET=PUBLIC, POST=OWN`)."""
    assert methods, name
    return [Entry(name, method, _expect(row), params or {}, variant, body, files, effect)
            for method, row in methods.items()]


def api(operation: str, expect: str, params: dict | None = None, *, variant: str = "",
        body: dict | None = None, files: dict | None = None, effect=None) -> Entry:
    """An entry for one API operation; for a GET, `body` is the query string."""
    method = operation.split(" ", 1)[0]
    return Entry(operation, method, _expect(expect), params or {}, variant, body, files, effect)


def _registered(name: str) -> Callable[[dict], bool]:
    def check(world: dict) -> bool:
        return world["event"].participations.filter(organization=world[name]).exists()
    return check


def _organization_named(name: str) -> Callable[[dict], bool]:
    def check(world: dict) -> bool:
        from promkoop.registry.models import Organization

        return Organization.objects.filter(name=name).exists()
    return check


def _event_titled(title: str) -> Callable[[dict], bool]:
    def check(world: dict) -> bool:
        from promkoop.events.models import Event

        return Event.objects.filter(title=title).exists()
    return check


def _deal_about(subject: str) -> Callable[[dict], bool]:
    def check(world: dict) -> bool:
        from promkoop.deals.models import Deal

        return Deal.objects.filter(subject=subject).exists()
    return check


def _agreement_titled(title: str) -> Callable[[dict], bool]:
    def check(world: dict) -> bool:
        from promkoop.agreements.models import Agreement

        return Agreement.objects.filter(title=title).exists()
    return check


def _need_titled(title: str) -> Callable[[dict], bool]:
    def check(world: dict) -> bool:
        return world["roslavl"].needs.filter(title=title).exists()
    return check


def _fact_rejected(world: dict) -> bool:
    world["fact"].refresh_from_db()
    return world["fact"].link_status == "rejected"


def _requested(world: dict) -> bool:
    return world["event"].meeting_requests.filter(requester=world["participation"]).exists()


PAGES: list[Entry] = [
    # web
    *page("web:home", GET=PUBLIC),
    *page("web:login", GET=PUBLIC, POST=PUBLIC),
    # The start page: a signed-in user's region or company (a guest role is sent home).
    *page("start:start", GET=SIGNED_IN),
    *page("web:logout", POST=PUBLIC),
    # API documentation (not operations)
    *page("api:openapi-json", GET=PUBLIC),
    *page("api:openapi-view", GET=PUBLIC),
    # ninja's bare /api/ answers 404 to everyone: nothing is served there.
    *page("api:api-root", GET="deny deny deny deny deny deny"),
    # registry
    *page("registry:import", GET=STAFF, POST=STAFF),
    *page("registry:import_template_xlsx", GET=STAFF),
    *page("registry:import_template_csv", GET=STAFF),
    *page("registry:organizations", GET=PUBLIC),
    *page("registry:organization_create", GET=STAFF, POST=STAFF),
    *page("registry:organization_create", variant="67", effect=_organization_named("Матричный завод"),
          body={"name": "Матричный завод", "region": "67", "kind": "enterprise", "is_public": "on"},
          POST="login deny deny ok refused ok"),
    *page("registry:city_options", GET=PUBLIC),
    *page("registry:organization", {"pk": "roslavl"}, GET=PUBLIC),
    *page("registry:organization", {"pk": "private67"}, variant="private", GET="deny deny deny ok deny ok"),
    *page("registry:organization_history", {"pk": "roslavl"}, GET=OWN),
    *page("registry:organization_edit", {"pk": "roslavl"}, GET=OWN, POST=OWN),
    *page("registry:organization_edit", {"pk": "private67"}, variant="private",
          GET="login deny deny ok deny ok", POST="login deny deny ok deny ok"),
    *page("registry:organization_edit", {"pk": "chel"}, variant="74",
          GET="login deny deny deny ok ok", POST="login deny deny deny ok ok"),
    *page("registry:capability_create", {"org_pk": "roslavl"}, GET=OWN, POST=OWN),
    *page("registry:capabilities", GET=PUBLIC),
    *page("registry:capabilities_export", GET=PUBLIC),
    *page("registry:capability_edit", {"pk": "capability"}, GET=OWN, POST=OWN),
    *page("registry:capability_delete", {"pk": "capability"}, POST=OWN),
    *page("registry:classifier", {"kind": "=okpd2"}, GET=PUBLIC),
    *page("registry:classifier_children", {"kind": "=okpd2", "code": "=29.3"}, GET=PUBLIC),
    # cooperation
    *page("cooperation:needs", GET=PUBLIC),
    *page("cooperation:need_create", GET=ACTORS, POST=ACTORS),
    # For Roslavl: its member, region 67's officers, admins; the others are offered no such organization.
    *page("cooperation:need_create", variant="roslavl", effect=_need_titled("Матричная потребность"),
          body={"organization": "@roslavl", "title": "Матричная потребность", "description": "Манжеты",
                "kind": "serial_supply", "visibility": "public"}, POST="login deny ok ok refused ok"),
    *page("cooperation:need", {"pk": "need"}, GET=PUBLIC),
    *page("cooperation:need", {"pk": "need_draft"}, variant="draft", GET="deny deny ok ok deny ok"),
    *page("cooperation:need", {"pk": "need_officers"}, variant="officers", GET="deny deny ok ok ok ok"),
    *page("cooperation:need", {"pk": "need_private"}, variant="private", GET="deny deny ok deny deny ok"),
    *page("cooperation:need_edit", {"pk": "need_draft"}, GET=OWN, POST=OWN),
    *page("cooperation:need_publish", {"pk": "need_draft"}, POST=OWN),
    *page("cooperation:need_close", {"pk": "need"}, GET=OWN, POST=OWN),
    # Answering is for members of another organization and for officers of another organization's
    # region (for its organizations); the need's own organization never answers, nor admins.
    *page("cooperation:need_respond", {"pk": "chel_need"}, POST="login deny ok ok deny deny"),
    # Inviting Chelyabinsk to respond: the need's side proposes it, region 74's officer forwards it.
    *page("cooperation:need_invite", {"pk": "need"}, body={"organization": "@chel"},
          POST="login deny ok ok ok ok"),
    # A response and its thread: the need's side (Roslavl, region 67) and the responder's (region 74).
    *page("cooperation:response", {"pk": "response"}, GET="login deny ok ok ok ok"),
    *page("cooperation:response_message", {"pk": "response"}, POST="login deny ok ok ok ok"),
    *page("cooperation:response_status", {"pk": "response"}, body={"status": "discussion"},
          POST="login deny ok ok deny ok"),
    *page("cooperation:offers", GET=PUBLIC),
    *page("cooperation:offer_create", GET=ACTORS, POST=ACTORS),
    *page("cooperation:offer", {"pk": "offer"}, GET=PUBLIC),
    *page("cooperation:offer_edit", {"pk": "offer"}, GET=OWN, POST=OWN),
    *page("cooperation:offer_publish", {"pk": "offer"}, POST=OWN),
    *page("cooperation:offer_close", {"pk": "offer"}, POST=OWN),
    *page("cooperation:saved_searches", GET=SIGNED_IN, POST=SIGNED_IN),
    *page("cooperation:saved_search_delete", {"pk": "saved_search"}, POST="login deny ok deny deny deny"),
    *page("cooperation:notifications", GET=SIGNED_IN),
    *page("cooperation:notification", {"pk": "notification"}, GET="login deny ok deny deny deny"),
    # news
    *page("news:articles", GET=PUBLIC),
    *page("news:ingest", GET=STAFF, POST=STAFF),
    *page("news:article", {"pk": "article"}, GET=PUBLIC),
    *page("news:review", GET=STAFF),
    # The fact names Roslavl (linked automatically): only who may link region 67's records unlinks it.
    *page("news:review_action", {"pk": "fact", "action": "=reject"}, effect=_fact_rejected,
          POST="login deny deny ok refused ok"),
    *page("news:review_search", {"pk": "fact"}, GET=STAFF),
    *page("news:draft_action", {"kind": "=need", "pk": "news_draft", "action": "=reject"}, POST=OWN),
    *page("news:timeline", GET=PUBLIC),
    # background jobs
    *page("background:jobs", GET=PUBLIC),
    *page("background:job", {"pk": "job"}, GET="deny deny ok deny deny ok"),
    *page("background:job_file", {"pk": "file_job"}, GET="deny deny ok deny deny ok"),
    # events (the event is hosted by region 67, with no guest regions)
    *page("events:events", GET=PUBLIC),
    # The events pages answer an anonymous visitor 403 rather than sending them to sign in.
    *page("events:event_create", GET=STAFF_403, POST=STAFF_403),
    *page("events:event_create", variant="67", effect=_event_titled("Матричное событие"),
          body={"kind": "delegation_visit", "title": "Матричное событие", "host_region": "67",
                "start_date": "2026-04-01", "end_date": "2026-04-01", "visibility": "public"},
          POST="deny deny deny ok refused ok"),
    *page("events:event", {"pk": "event"}, GET=PUBLIC),
    *page("events:event_edit", {"pk": "event"}, GET=REGION67_403, POST=REGION67_403),
    *page("events:event_ics", {"pk": "event"}, GET=PUBLIC),
    *page("events:event_xlsx", {"pk": "event"}, GET=PUBLIC),
    *page("events:plan_visit", {"pk": "visit"}, POST=REGION67_403),
    *page("events:link_news", {"pk": "event"}, POST=REGION67_403),
    *page("events:schedule_b2b", {"pk": "event"}, POST=REGION67_403),
    *page("events:meeting_lock", {"pk": "event", "meeting_id": "meeting"}, POST=REGION67_403),
    *page("events:meeting_move", {"pk": "event", "meeting_id": "meeting"}, POST=REGION67_403),
    *page("events:agenda_add", {"pk": "event"}, POST=REGION67_403),
    *page("events:agenda_delete", {"pk": "event", "item_id": "agenda_item"}, POST=REGION67_403),
    *page("events:document_add", {"pk": "event"}, POST=REGION67_403),
    *page("events:document", {"pk": "event", "doc_id": "event_document"}, GET=PUBLIC),
    # Only the event's editors may register another organization; the form offers the others none.
    *page("events:register", {"pk": "event"}, body={"organization": "@private67", "role": "guest"},
          effect=_registered("private67"), POST="deny refused refused ok refused ok"),
    *page("events:request_meeting", {"pk": "event"}, effect=_requested,
          body={"requester": "@participation", "target": "@chel_participation", "weight": "1"},
          POST="deny deny ok ok deny ok"),
    *page("events:request_from_response", {"pk": "event", "response_id": "response"},
          POST="deny deny ok ok deny ok"),
    *page("events:answer_request", {"pk": "event", "request_id": "meeting_request", "answer": "=accept"},
          POST=OWN_403),
    # A public event's B2B schedule is public (as GET /api/events/{id}/meetings), per participant too.
    *page("events:schedule", {"pk": "event", "participation_id": "participation"}, GET=PUBLIC),
    *page("events:schedule_ics", {"pk": "event", "participation_id": "participation"}, GET=PUBLIC),
    *page("events:schedule_xlsx", {"pk": "event", "participation_id": "participation"}, GET=PUBLIC),
    *page("events:outcome_meeting", {"pk": "event", "meeting_id": "meeting"}, GET=OWN_403, POST=OWN_403),
    *page("events:outcome_stop", {"pk": "visit", "org_id": "roslavl"}, GET=REGION67_403, POST=REGION67_403),
    # deals (Roslavl buys from the Chelyabinsk maker: both regions' officers see the deal)
    *page("deals:deals", GET=SIGNED_IN),
    *page("deals:board", GET=SIGNED_IN),
    *page("deals:deal_create", GET=ACTORS, POST=ACTORS),
    # A deal inside region 67 with its private firm: region 67's officers and admins (the member may
    # not see the private firm, the Chelyabinsk officer neither party's region).
    *page("deals:deal_create", variant="67", effect=_deal_about("Матричная сделка"),
          body={"buyer": "@roslavl", "supplier": "@private67", "subject": "Матричная сделка"},
          POST="login deny refused ok refused ok"),
    *page("deals:deal", {"pk": "deal"}, GET="login deny ok ok ok ok"),
    *page("deals:from_response", {"response_id": "response"}, POST="login deny ok ok deny ok"),
    *page("deals:deal_edit", {"pk": "deal"}, POST="login deny ok ok ok ok"),
    *page("deals:deal_move", {"pk": "deal"}, POST="login deny ok ok ok ok"),
    *page("deals:deal_comment", {"pk": "deal"}, POST="login deny ok ok ok ok"),
    *page("deals:document_upload", {"pk": "deal"}, POST="login deny ok ok ok ok"),
    *page("deals:document", {"pk": "deal", "doc": "deal_document"}, GET="login deny ok ok ok ok"),
    # agreements (region 67 with the Roslavl plant; a private one between Roslavl and the private firm)
    *page("agreements:agreements", GET=PUBLIC),
    # The agreements pages, like the events ones, answer an anonymous visitor 403.
    *page("agreements:agreement_create", GET=STAFF_403, POST=STAFF_403),
    *page("agreements:agreement_create", variant="67", effect=_agreement_titled("Матричное соглашение"),
          body={"kind": "region_region", "title": "Матричное соглашение", "regions": ["67", "50"],
                "status": "draft", "visibility": "public"},
          POST="deny deny deny ok refused ok"),
    *page("agreements:agreement", {"pk": "agreement"}, GET=PUBLIC),
    *page("agreements:agreement", {"pk": "agreement_private"}, variant="private", GET="deny deny ok ok deny ok"),
    *page("agreements:agreement_edit", {"pk": "agreement"}, GET=REGION67_403, POST=REGION67_403),
    *page("agreements:agreement_status", {"pk": "agreement"}, body={"status": "signed"}, POST=REGION67_403),
    *page("agreements:document", {"pk": "agreement"}, GET=PUBLIC),
    # analytics
    *page("analytics:kpi", GET=PUBLIC),
    *page("analytics:pair", {"a": "=67", "b": "=74"}, GET=PUBLIC),
]

# Bodies are minimal but valid, so that a 422 means "allowed, then validated", not "never checked".
OPERATIONS: list[Entry] = [
    # registry
    api("GET /api/regions", PUBLIC),
    api("GET /api/regions/{code}", PUBLIC, {"code": "=67"}),
    api("GET /api/classifiers/okved2", PUBLIC),
    api("GET /api/classifiers/okved2/{code}", PUBLIC, {"code": "=29.32"}),
    api("GET /api/classifiers/okpd2", PUBLIC),
    api("GET /api/classifiers/okpd2/{code}", PUBLIC, {"code": "=29.32"}),
    api("GET /api/organizations", PUBLIC),
    api("POST /api/organizations", REGION67, body={"name": "Новый завод", "region": "67"}),
    api("GET /api/organizations/{org_id}", PUBLIC, {"org_id": "roslavl"}),
    api("GET /api/organizations/{org_id}", "deny deny deny ok deny ok", {"org_id": "private67"},
        variant="private"),
    api("PATCH /api/organizations/{org_id}", OWN, {"org_id": "roslavl"}, body={"short_name": "РТС-2"}),
    api("PATCH /api/organizations/{org_id}", "login deny deny deny ok ok", {"org_id": "chel"}, variant="74",
        body={"short_name": "ЧЗ"}),
    api("GET /api/organizations/{org_id}/history", OWN, {"org_id": "roslavl"}),
    api("GET /api/capabilities", PUBLIC),
    api("GET /api/organizations/{org_id}/capabilities", PUBLIC, {"org_id": "roslavl"}),
    api("GET /api/organizations/{org_id}/capabilities", "deny deny deny ok deny ok", {"org_id": "private67"},
        variant="private"),
    api("POST /api/organizations/{org_id}/capabilities", OWN, {"org_id": "roslavl"}, body={"name": "Клапаны"}),
    api("GET /api/capabilities/{cap_id}", PUBLIC, {"cap_id": "capability"}),
    api("GET /api/capabilities/{cap_id}", "deny deny deny ok deny ok", {"cap_id": "private_capability"},
        variant="private"),
    api("PATCH /api/capabilities/{cap_id}", OWN, {"cap_id": "capability"}, body={"name": "Клапаны"}),
    api("DELETE /api/capabilities/{cap_id}", OWN, {"cap_id": "capability"}),
    api("POST /api/import/", STAFF, files={"file": "orgs.csv"}),
    # news
    api("POST /api/news/articles", STAFF, body={"text": ""}),
    api("GET /api/news/articles", PUBLIC),
    api("GET /api/news/articles/{article_id}", PUBLIC, {"article_id": "article"}),
    api("GET /api/news/review", STAFF),
    api("POST /api/news/review/{fact_id}", "login deny deny ok refused ok", {"fact_id": "fact"},
        body={"action": "reject"}, effect=_fact_rejected),
    # A mention linked to nothing may be turned down by any officer.
    api("POST /api/news/review/{fact_id}", STAFF, {"fact_id": "open_fact"}, variant="unlinked",
        body={"action": "reject"}),
    api("POST /api/news/drafts/{kind}/{draft_id}", OWN, {"kind": "=need", "draft_id": "news_draft"},
        body={"action": "reject"}),
    # cooperation
    api("GET /api/cooperation/needs", PUBLIC),
    api("POST /api/cooperation/needs", OWN, body={"organization": "@roslavl", "title": "Новая",
                                                  "description": "Манжеты для Арктики"}),
    api("GET /api/cooperation/needs/{need_id}", PUBLIC, {"need_id": "need"}),
    api("GET /api/cooperation/needs/{need_id}", "deny deny ok ok deny ok", {"need_id": "need_draft"},
        variant="draft"),
    api("GET /api/cooperation/needs/{need_id}", "deny deny ok deny deny ok", {"need_id": "need_private"},
        variant="private"),
    api("PATCH /api/cooperation/needs/{need_id}", OWN, {"need_id": "need_draft"}, body={"title": "Новое"}),
    api("DELETE /api/cooperation/needs/{need_id}", OWN, {"need_id": "need_draft"}),
    api("POST /api/cooperation/needs/{need_id}/publish", OWN, {"need_id": "need_draft"}),
    api("POST /api/cooperation/needs/{need_id}/close", OWN, {"need_id": "need"}, body={"outcome": "cancelled"}),
    api("POST /api/cooperation/needs/{need_id}/invite", "login deny ok ok ok ok", {"need_id": "need"},
        body={"organization": "@chel"}),
    api("POST /api/cooperation/needs/{need_id}/invite", "login deny deny ok deny ok", {"need_id": "need"},
        variant="other_region", body={"organization": "@private67"}),
    api("GET /api/cooperation/needs/{need_id}/matches", PUBLIC, {"need_id": "need"}),
    api("GET /api/cooperation/needs/{need_id}/matches", "deny deny ok deny deny ok", {"need_id": "need_private"},
        variant="private"),
    # Responses: the need's editors see all, a responding member their own, others an empty list.
    api("GET /api/cooperation/needs/{need_id}/responses", "login empty ok ok ok ok", {"need_id": "need"}),
    api("POST /api/cooperation/needs/{need_id}/responses", "login deny ok ok deny deny",
        {"need_id": "chel_need"}, body={"text": "Сделаем"}),
    # For a named organization: only who acts for it (the Chelyabinsk officer; it has answered: 422).
    api("POST /api/cooperation/needs/{need_id}/responses", "login deny deny deny ok deny",
        {"need_id": "need"}, variant="for_organization", body={"organization": "@chel", "text": "Сделаем"}),
    api("GET /api/cooperation/responses/{response_id}", "login deny ok ok ok ok", {"response_id": "response"}),
    api("GET /api/cooperation/responses/{response_id}/messages", "login deny ok ok ok ok",
        {"response_id": "response"}),
    api("POST /api/cooperation/responses/{response_id}/messages", "login deny ok ok ok ok",
        {"response_id": "response"}, body={"text": "Когда образцы?"}),
    api("POST /api/cooperation/responses/{response_id}/status", "login deny ok ok deny ok",
        {"response_id": "response"}, body={"status": "discussion"}),
    api("POST /api/deals/from-response/{response_id}", "login deny ok ok deny ok", {"response_id": "response"}),
    api("GET /api/cooperation/offers", PUBLIC),
    api("POST /api/cooperation/offers", OWN, body={"organization": "@roslavl", "title": "Новое",
                                                   "description": "Манжеты для Арктики"}),
    api("GET /api/cooperation/offers/{offer_id}", PUBLIC, {"offer_id": "offer"}),
    api("PATCH /api/cooperation/offers/{offer_id}", OWN, {"offer_id": "offer"}, body={"title": "Новое"}),
    api("DELETE /api/cooperation/offers/{offer_id}", OWN, {"offer_id": "offer"}),
    api("POST /api/cooperation/offers/{offer_id}/publish", OWN, {"offer_id": "offer"}),
    api("POST /api/cooperation/offers/{offer_id}/close", OWN, {"offer_id": "offer"}),
    api("GET /api/cooperation/match", PUBLIC, body={"text": "манжеты"}),
    api("GET /api/cooperation/organizations/{org_id}/opportunities", PUBLIC, {"org_id": "roslavl"}),
    api("GET /api/cooperation/organizations/{org_id}/opportunities", "deny deny deny ok deny ok",
        {"org_id": "private67"}, variant="private"),
    # One's own saved searches and notifications (only the member has some).
    api("GET /api/cooperation/saved-searches", OWN_LIST),
    api("POST /api/cooperation/saved-searches", SIGNED_IN, body={"name": "Клапаны", "text": "клапаны"}),
    api("DELETE /api/cooperation/saved-searches/{search_id}", "login deny ok deny deny deny",
        {"search_id": "saved_search"}),
    api("GET /api/cooperation/notifications", OWN_LIST),
    api("POST /api/cooperation/notifications/read", SIGNED_IN, body={"ids": ["@notification"]}),
    # events
    api("GET /api/events/", PUBLIC),
    api("GET /api/events/{event_id}", PUBLIC, {"event_id": "event"}),
    api("GET /api/events/{event_id}/participants", PUBLIC, {"event_id": "event"}),
    api("GET /api/events/{event_id}/meetings", PUBLIC, {"event_id": "event"}),
    # Meeting requests: the event's editors see all, a party's member theirs, others an empty list.
    api("GET /api/events/{event_id}/requests", "login empty ok ok empty ok", {"event_id": "event"}),
    api("POST /api/events/{event_id}/requests", OWN, {"event_id": "event"},
        body={"requester": "@participation", "target": "@chel_participation"}),
    # background jobs
    api("GET /api/jobs/{job_id}", "deny deny ok deny deny ok", {"job_id": "job"}),
    # deals
    api("GET /api/deals/figures", PUBLIC),
    api("GET /api/deals", "login empty ok ok ok ok"),
    api("POST /api/deals", "login deny ok ok ok ok",
        body={"buyer": "@roslavl", "supplier": "@chel", "subject": "Клапаны"}),
    api("GET /api/deals/{deal_id}", "login deny ok ok ok ok", {"deal_id": "deal"}),
    api("PATCH /api/deals/{deal_id}", "login deny ok ok ok ok", {"deal_id": "deal"}, body={"next_step": "Звонок"}),
    api("POST /api/deals/{deal_id}/move", "login deny ok ok ok ok", {"deal_id": "deal"}, body={"stage": "lost"}),
    api("GET /api/deals/{deal_id}/history", "login deny ok ok ok ok", {"deal_id": "deal"}),
    api("GET /api/deals/{deal_id}/comments", "login deny ok ok ok ok", {"deal_id": "deal"}),
    api("POST /api/deals/{deal_id}/comments", "login deny ok ok ok ok", {"deal_id": "deal"}, body={"text": "Ок"}),
    api("GET /api/deals/{deal_id}/documents", "login deny ok ok ok ok", {"deal_id": "deal"}),
    api("POST /api/deals/{deal_id}/documents", "login deny ok ok ok ok", {"deal_id": "deal"},
        files={"file": "spec.txt"}),
    api("GET /api/deals/{deal_id}/documents/{document_id}/file", "login deny ok ok ok ok",
        {"deal_id": "deal", "document_id": "deal_document"}),
    # agreements
    api("GET /api/agreements/", PUBLIC),
    api("POST /api/agreements/", REGION67, body={"kind": "region_region", "title": "Новое", "regions": ["67", "50"]}),
    api("GET /api/agreements/{agreement_id}", PUBLIC, {"agreement_id": "agreement"}),
    api("GET /api/agreements/{agreement_id}", "deny deny ok ok deny ok", {"agreement_id": "agreement_private"},
        variant="private"),
    api("PATCH /api/agreements/{agreement_id}", REGION67, {"agreement_id": "agreement"}, body={"subject": "Новое"}),
    # analytics
    api("GET /api/analytics/report", PUBLIC),
    api("GET /api/analytics/report.xlsx", PUBLIC),
]

MATRIX: list[Entry] = PAGES + OPERATIONS


# Listings must not name what a role may not see. Each world object below is hidden from these roles
# (its name or title must not appear in any listing they get).
HIDDEN_FROM: dict[str, tuple[str, ...]] = {
    "private67": ("anon", "guest", "member", "officer74"),
    "private_capability": ("anon", "guest", "member", "officer74"),
    "need_draft": ("anon", "guest", "officer74"),
    "need_officers": ("anon", "guest"),
    "need_private": ("anon", "guest", "officer67", "officer74"),
    "agreement_private": ("anon", "guest", "officer74"),
}

LISTINGS: list[Entry] = [
    *page("web:home", GET=PUBLIC),
    *page("registry:organizations", GET=PUBLIC),
    *page("registry:organizations", variant="search", body={"q": "завод"}, GET=PUBLIC),
    *page("registry:capabilities", GET=PUBLIC),
    *page("registry:organization", {"pk": "roslavl"}, GET=PUBLIC),
    *page("cooperation:needs", GET=PUBLIC),
    *page("cooperation:needs", variant="search", body={"q": "манжеты"}, GET=PUBLIC),
    *page("news:article", {"pk": "article"}, GET=PUBLIC),
    api("GET /api/organizations", PUBLIC),
    api("GET /api/capabilities", PUBLIC),
    api("GET /api/cooperation/needs", PUBLIC),
    api("GET /api/cooperation/needs", PUBLIC, variant="search", body={"q": "манжеты"}),
    api("GET /api/cooperation/match", PUBLIC, body={"text": "датчики давления манжеты"}),
    api("GET /api/news/articles/{article_id}", PUBLIC, {"article_id": "article"}),
    *page("agreements:agreements", GET=PUBLIC),
    api("GET /api/agreements/", PUBLIC),
]
