"""Deals built through the services: the Roslavl brake plant (Smolensk) buying from a Chelyabinsk
rubber-goods maker, users of each role, uploaded files in a temporary VAR_DIR."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factories import make_inn, make_member, make_roslavl, make_user
from promkoop.accounts.models import Role
from promkoop.deals import services
from promkoop.registry import services as registry
from promkoop.registry.models import City, Organization


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def roslavl(db) -> Organization:
    return make_roslavl()


@pytest.fixture
def rti(db) -> Organization:
    return registry.create_organization(
        name="Челябинский завод резинотехнических изделий", short_name="ЧелРТИ", inn=make_inn("745300002"),
        region_id="74", city_id=City.objects.get(name="Челябинск", region_id="74").pk,
        kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def moscow_firm(db) -> Organization:
    return registry.create_organization(name="Московский машзавод", inn=make_inn("771300005"), region_id="77",
                                        kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def member_roslavl(roslavl):
    return make_member("roslavl-member", roslavl)


@pytest.fixture
def member_rti(rti):
    return make_member("rti-member", rti)


@pytest.fixture
def member_moscow(moscow_firm):
    return make_member("moscow-member", moscow_firm)


@pytest.fixture
def officer67(db):
    return make_user("off67", Role.OFFICER, region_id="67")


@pytest.fixture
def officer74(db):
    return make_user("off74", Role.OFFICER, region_id="74")


@pytest.fixture
def officer50(db):
    return make_user("off50", Role.OFFICER, region_id="50")


@pytest.fixture
def guest(db):
    return make_user("guest-deals", Role.GUEST)


@pytest.fixture
def admin(db):
    return make_user("admin-deals", Role.ADMIN, superuser=True)


@pytest.fixture
def deal(roslavl, rti, member_roslavl):
    return services.create_deal(buyer=roslavl, supplier=rti, subject="РТИ для арктических условий",
                                acting_user=member_roslavl, expected_value_rub="1 500 000")


def make_upload(name="tz.pdf", content=b"%PDF-1.4 spec", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def upload():
    """A small uploaded file: `upload("tz.pdf", b"...")`."""
    return make_upload
