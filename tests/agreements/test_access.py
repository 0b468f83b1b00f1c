"""Who sees and changes agreements: a party (member, officer of a party region), another region's
officer, a guest, an admin — the same rule on pages, the API and the tag."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from promkoop.agreements import access

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, sees_private, may_edit_private, may_edit_public", [
    ("admin", True, True, True),
    ("officer67", True, True, True),      # Roslavl's region: a party's region
    ("officer74", True, True, True),      # the Chelyabinsk maker's region
    ("officer50", False, False, False),   # another region's officer
    ("member_roslavl", True, False, False),  # a party's member sees, does not change
    ("member_tula", False, False, False),    # a member of an organization outside it
    ("guest", False, False, False),
])
def test_visibility_and_change_rights_by_role(request, regional, private, who, sees_private, may_edit_private,
                                              may_edit_public):
    user = AnonymousUser() if who == "guest" else request.getfixturevalue(who)
    visible = set(access.visible_agreements(user))
    assert regional in visible  # public: everybody
    assert (private in visible) is sees_private
    assert access.can_edit_agreement(user, private) is may_edit_private
    assert access.can_edit_agreement(user, regional) is may_edit_public
    if not sees_private:
        with pytest.raises(Http404):
            access.get_agreement_for_user(user, private.pk)


def test_an_officer_creates_only_agreements_their_region_is_party_to(officer67, roslavl, rti, tula):
    assert access.can_create_agreement(officer67, ["67", "74"], [])
    assert access.can_create_agreement(officer67, [], [roslavl, rti])
    assert not access.can_create_agreement(officer67, ["74", "50"], [])
    assert not access.can_create_agreement(officer67, [], [rti, tula])


def test_linked_deals_are_shown_to_their_parties_only(private, deal, officer50, officer74, member_roslavl):
    assert list(access.linked_deals(officer74, private)) == [deal]
    assert list(access.linked_deals(member_roslavl, private)) == [deal]
    assert list(access.linked_deals(officer50, private)) == []
    assert list(access.linked_deals(AnonymousUser(), private)) == []
