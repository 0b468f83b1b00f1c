"""Cooperation services: needs and offers are validated whole, refused input names the field
with a code from errors.py and stores nothing, status changes follow the model's rules,
publishing updates the index and notifies saved searches after commit."""
import pytest
from django.core.exceptions import ValidationError

from promkoop.cooperation import services
from promkoop.cooperation.matching import indexes
from promkoop.cooperation.errors import CoopError
from promkoop.cooperation.models import Need, Notification, Offer, Response, SavedSearch, Status

from factories import make_member

from .conftest import NEED_TEXT


def counts() -> tuple[int, ...]:
    return (Need.objects.count(), Offer.objects.count(), Response.objects.count(), SavedSearch.objects.count(),
            Notification.objects.count(), Need.preferred_regions.through.objects.count())


def refused(call, **kwargs) -> dict[str, list[str]]:
    """field → codes of the ValidationError a service raised; asserts nothing was stored."""
    before = counts()
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    assert counts() == before
    return {field: [e.code for e in errors] for field, errors in info.value.error_dict.items()}


def test_create_need_stores_requirements_and_regions(roslavl, roslavl_member, need_values):
    need = services.create_need(roslavl, acting_user=roslavl_member, preferred_regions=["74", "66"],
                                materials=["резина"], standards=["ГОСТ 15150-69"], quantity=500, unit="шт",
                                **need_values)
    need.refresh_from_db()
    assert (need.status, need.visibility, need.source) == (Status.DRAFT, "public", "manual")
    assert (need.temp_min_c, need.climate_version, need.okpd2_id, need.kind) == (-60, "ХЛ", "22.19", "prototype")
    assert sorted(need.preferred_regions.values_list("pk", flat=True)) == ["66", "74"]
    assert need.created_by == roslavl_member
    assert "резинотехнические" in need.search_text


def test_create_need_from_news_keeps_provenance(roslavl, need_values):
    need = services.create_need(roslavl, source="news", source_ref="https://example.ru/news/1", **need_values)
    assert (need.source, need.source_ref) == ("news", "https://example.ru/news/1")


@pytest.mark.parametrize(("change", "field", "code"), [
    pytest.param({"title": ""}, "title", "blank", id="empty-title"),
    pytest.param({"title": "   "}, "title", "blank", id="blank-title"),
    pytest.param({"description": ""}, "description", "blank", id="empty-description"),
    pytest.param({"description": "я" * 20_000}, "description", CoopError.TOO_LONG, id="20000-characters"),
    pytest.param({"temp_min_c": 10, "temp_max_c": -60}, "temp_min_c", CoopError.TEMP_RANGE, id="min-above-max"),
    pytest.param({"okpd2_id": "99.99.99"}, "okpd2", CoopError.UNKNOWN_OKPD2, id="unknown-okpd2"),
    pytest.param({"temp_min_c": -500}, "temp_min_c", CoopError.INVALID_VALUE, id="below-absolute-zero"),
    pytest.param({"quantity": -5, "unit": "шт"}, "quantity", CoopError.INVALID_VALUE, id="negative-quantity"),
    pytest.param({"quantity": 5}, "unit", CoopError.REQUIRED, id="quantity-without-unit"),
    pytest.param({"kind": "barter"}, "kind", "invalid_choice", id="unknown-kind"),
    pytest.param({"climate_version": "ZZ"}, "climate_version", "invalid_choice", id="unknown-climate"),
    pytest.param({"materials": "резина"}, "materials", CoopError.INVALID_VALUE, id="materials-not-a-list"),
])
def test_create_need_refuses_bad_field_and_stores_nothing(roslavl, need_values, change, field, code):
    errors = refused(services.create_need, organization=roslavl, **(need_values | change))
    assert code in errors[field]


def test_create_need_names_every_bad_field_at_once(roslavl):
    errors = refused(services.create_need, organization=roslavl, title="", description="x" * 6000,
                     temp_min_c=0, temp_max_c=-10, okpd2_id="00.00", excluded_regions=["00"])
    assert set(errors) >= {"title", "description", "temp_min_c", "okpd2", "excluded_regions"}


def test_region_in_both_preferred_and_excluded_is_refused(roslavl, need_values):
    errors = refused(services.create_need, organization=roslavl, preferred_regions=["74"],
                     excluded_regions=["74", "66"], **need_values)
    assert errors == {"excluded_regions": [CoopError.REGION_CONFLICT]}


def test_refused_publish_at_creation_stores_nothing(roslavl, need_values, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused(services.create_need, organization=roslavl, publish=True, **(need_values | {"title": ""}))
    assert callbacks == []


def test_update_need_changes_only_given_fields(roslavl, need_values):
    need = services.create_need(roslavl, **need_values)
    assert services.update_need(need, temp_max_c=40, excluded_regions=["77"]) == ["temp_max_c", "excluded_regions"]
    assert services.update_need(need, temp_max_c=40) == []


def test_refused_update_leaves_need_unchanged(roslavl, need_values):
    need = services.create_need(roslavl, **need_values)
    with pytest.raises(ValidationError) as info:
        services.update_need(need, temp_max_c=-70, preferred_regions=["74"])
    assert info.value.error_dict["temp_min_c"][0].code == CoopError.TEMP_RANGE
    need = Need.objects.get(pk=need.pk)
    assert need.temp_max_c is None and not need.preferred_regions.exists()


def test_publish_then_close_and_refusals(roslavl, need_values, django_capture_on_commit_callbacks):
    need = services.create_need(roslavl, **need_values)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_need(need)
    need.refresh_from_db()
    assert need.status == Status.PUBLISHED and need.published_at is not None
    assert need.pk in indexes.current().needs.index()
    with pytest.raises(ValidationError) as info:
        services.publish_need(need)
    assert info.value.error_dict["status"][0].code == CoopError.INVALID_STATUS
    with pytest.raises(ValidationError) as info:
        services.close_need(need, outcome="")
    assert info.value.error_dict["outcome"][0].code == CoopError.REQUIRED
    with django_capture_on_commit_callbacks(execute=True):
        services.close_need(need, outcome="cancelled")
    assert need.pk not in indexes.current().needs.index()
    need.refresh_from_db()
    assert need.outcome == "cancelled" and need.closed_at is not None
    with pytest.raises(ValidationError):
        services.close_need(need, outcome="cancelled")


def test_publish_schedules_index_and_notification_after_commit_only(roslavl, need_values,
                                                                    django_capture_on_commit_callbacks):
    need = services.create_need(roslavl, **need_values)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.publish_need(need)
    assert len(callbacks) == 3  # index refresh, saved-search notification, the region-matches job queued
    assert not indexes.current().needs.loaded  # nothing ran before commit


def test_response_from_supplier_notifies_need_owner(roslavl, roslavl_member, arctic_rti, rti_member, need_values,
                                                    django_capture_on_commit_callbacks):
    need = services.create_need(roslavl, publish=True, **need_values)
    with django_capture_on_commit_callbacks(execute=True):
        response = services.respond_to_need(need, arctic_rti, acting_user=rti_member,
                                            text="Изготовим опытную партию за 30 дней", price=120000)
    assert response.organization == arctic_rti and response.price == 120000
    notice = Notification.objects.get(user=roslavl_member)
    assert notice.kind == Notification.Kind.RESPONSE and "ЧЗРТИ" in notice.message


@pytest.mark.parametrize(("case", "field", "code"), [
    ("draft", "need", CoopError.NOT_PUBLISHED),
    ("own", "organization", CoopError.OWN_NEED),
    ("twice", "organization", CoopError.DUPLICATE_RESPONSE),
    ("empty", "text", "blank"),
    ("negative-price", "price", CoopError.INVALID_VALUE),
])
def test_respond_refusals_name_the_field(roslavl, arctic_rti, need_values, case, field, code):
    need = services.create_need(roslavl, publish=case != "draft", **need_values)
    org = roslavl if case == "own" else arctic_rti
    if case == "twice":
        services.respond_to_need(need, arctic_rti, text="первый отклик")
    kwargs = {"text": "" if case == "empty" else "Готовы", "price": -1 if case == "negative-price" else None}
    errors = refused(services.respond_to_need, need=need, organization=org, **kwargs)
    assert code in errors[field]


def test_saved_search_is_notified_of_matching_need_once(roslavl, need_values, officer_chelyabinsk, guest_user,
                                                        django_capture_on_commit_callbacks):
    services.save_search(officer_chelyabinsk, name="РТИ Арктика", text="резинотехнические арктических")
    services.save_search(officer_chelyabinsk, name="РТИ", text="резинотехнические")
    services.save_search(guest_user, name="насосы", text="насосы")
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, publish=True, **need_values)
    notices = list(Notification.objects.all())
    assert [(n.user, n.need) for n in notices] == [(officer_chelyabinsk, need)]
    assert notices[0].kind == Notification.Kind.SEARCH_MATCH


def test_saved_search_owner_not_notified_of_need_they_may_not_see(roslavl, need_values, arctic_rti,
                                                                  django_capture_on_commit_callbacks):
    supplier = make_member("supplier", arctic_rti)
    services.save_search(supplier, name="РТИ", text="резинотехнические")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_need(roslavl, publish=True, visibility="private", **need_values)
    assert not Notification.objects.exists()


def test_offer_search_not_notified_of_need(roslavl, need_values, officer_chelyabinsk,
                                           django_capture_on_commit_callbacks):
    services.save_search(officer_chelyabinsk, name="РТИ", text="резинотехнические", target="offers")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_need(roslavl, publish=True, **need_values)
        services.create_offer(roslavl, publish=True, title="Предлагаем РТИ", description=NEED_TEXT)
    assert [n.offer is not None for n in Notification.objects.all()] == [True]


def test_save_search_refuses_empty_search_and_unknown_region(guest_user):
    errors = refused(services.save_search, user=guest_user, name="пусто", text=" ", region="00")
    assert errors == {"text": [CoopError.EMPTY_SEARCH], "region": [CoopError.UNKNOWN_REGION]}


def test_mark_notifications_read(roslavl, need_values, officer_chelyabinsk, django_capture_on_commit_callbacks):
    services.save_search(officer_chelyabinsk, name="РТИ", text="резинотехнические")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_need(roslavl, publish=True, **need_values)
    assert services.mark_notifications_read(officer_chelyabinsk) == 1
    assert services.mark_notifications_read(officer_chelyabinsk) == 0


def test_delete_published_need_leaves_index(roslavl, need_values, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, publish=True, **need_values)
    pk = need.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_need(need)
    assert not Need.objects.filter(pk=pk).exists()
    assert pk not in indexes.current().needs.index()
