"""Accepting a response to a need starts a deal (service, page, API): the need's side only, one deal
per response, the need and the response kept as the deal's origin."""
import pytest
from django.core.exceptions import ValidationError

from promkoop.cooperation import services as coop
from promkoop.cooperation.models import ResponseStatus
from promkoop.deals import services
from promkoop.deals.errors import DealError
from promkoop.deals.models import Deal, Origin

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(roslavl, rti):
    need = coop.create_need(roslavl, title="Манжеты ХЛ", description="Манжеты для тормозных камер",
                            okpd2_id="22.19", publish=True)
    return coop.respond_to_need(need, rti, text="Сделаем", price="1200.50")


def test_the_service_accepts_the_response_and_keeps_the_origin(response, member_roslavl):
    deal = services.start_deal_from_response(response, acting_user=member_roslavl)
    assert (deal.origin, deal.origin_need, deal.origin_response) == (Origin.RESPONSE, response.need, response)
    assert (deal.buyer, deal.supplier, deal.subject, deal.okpd2_id) == (
        response.need.organization, response.organization, "Манжеты ХЛ", "22.19")
    assert str(deal.expected_value_rub) == "1200.50" and deal.history.get().kind == "created"
    response.refresh_from_db()
    assert response.status == ResponseStatus.ACCEPTED
    with pytest.raises(ValidationError) as info:
        services.start_deal_from_response(response, acting_user=member_roslavl)
    assert info.value.error_dict["response"][0].code == DealError.DUPLICATE
    assert Deal.objects.count() == 1


def test_the_api_starts_the_deal_for_the_need_side_only(client, response, member_roslavl, member_rti, officer74,
                                                       officer67, guest):
    url = f"/api/deals/from-response/{response.pk}"
    assert client.post(url).status_code == 401
    for user, status in ((guest, 404), (member_rti, 403), (officer74, 403)):
        client.force_login(user)
        assert client.post(url).status_code == status, user
    assert Deal.objects.count() == 0
    client.force_login(officer67)  # the need's region officer acts for the buyer
    answer = client.post(url)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["origin"], body["origin_need"], body["origin_response"]) == ("response", response.need_id,
                                                                             response.pk)
    assert client.post(url).json()["detail"][0]["type"] == "duplicate_deal"
