"""The founding story: «Рославльские тормозные системы» (Смоленская область) needs rubber
technical goods for arctic low temperatures, prototypes to its specification; on the demo
registry the platform ranks arctic-grade РТИ makers first, one of them in Челябинская область,
and says which requirements each one meets. Bad input is refused with the field named."""
import json

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from promkoop.cooperation import services
from promkoop.cooperation.matching import queries
from promkoop.cooperation.models import Need
from promkoop.demo import seed_article
from promkoop.registry.models import Organization
from promkoop.accounts.models import Role
from promkoop.accounts.roles import assign_role

NEED = ("резинотехнические изделия для эксплуатации в арктических условиях при низких температурах, "
        "изготовление опытных образцов по ТЗ")
COLD = ("ХЛ", "УХЛ")


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """One VAR_DIR for the module: the saved index is reused across its tests (same demo data)."""
    return tmp_path_factory.mktemp("var")


@pytest.fixture
def demo(db, settings, var_dir):
    settings.VAR_DIR = var_dir
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", size=600, seed=2025, stdout=open("/dev/null", "w"))
    yield


@pytest.fixture
def roslavl(demo) -> Organization:
    return Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")


def _is_arctic_rti(row: dict) -> bool:
    cap = Organization.objects.get(pk=row["organization_id"]).capabilities.get(pk=row["capability_id"])
    rti = (cap.okpd2_id or "").startswith("22.19") or "резинотехн" in cap.name.lower()
    cold = cap.climate_version in COLD or (cap.temp_min_c is not None and cap.temp_min_c <= -50)
    return rti and cold


def test_roslavl_finds_arctic_rti_makers(client, roslavl, django_capture_on_commit_callbacks):
    # given a member of the Roslavl plant
    member = User.objects.create_user("rts")
    assign_role(member, Role.MEMBER, organization=roslavl)
    # when they publish the need from the article
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, acting_user=member, publish=True, title="РТИ для Арктики",
                                    description=NEED, kind="prototype", temp_min_c=-60, climate_version="ХЛ")
    rows = queries.partners_for_need(need, AnonymousUser(), top=10)
    # then arctic-grade РТИ makers come first, one of them in Челябинская область
    top5 = rows[:5]
    assert all(_is_arctic_rti(r) for r in top5), [(r["organization"], r["capability"]) for r in top5]
    assert "74" in [r["region_code"] for r in top5]
    assert roslavl.pk not in [r["organization_id"] for r in rows]
    # and each explanation names the requirements met
    for row in top5:
        met = {c["name"] for c in row["explanation"]["requirements_met"]}
        assert {"temperature", "climate_version"} <= met, row["explanation"]
        assert any("−60" in c["text"] for c in row["explanation"]["requirements_met"])
    # the need page, the API and the CLI agree
    chelyabinsk = next(r for r in top5 if r["region_code"] == "74")
    page = client.get(f"/cooperation/needs/{need.pk}/").content.decode()
    assert chelyabinsk["organization"] in page.split('id="partners"')[1]
    api_rows = client.get(f"/api/cooperation/needs/{need.pk}/matches", {"top": 5}).json()
    assert [r["inn"] for r in api_rows] == [r["inn"] for r in top5]


def test_cli_match_text_finds_chelyabinsk_maker(demo, capsys):
    call_command("match", need_text=NEED, region="67", top=5, json=True)
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5
    assert set(rows[0]) >= {"organization", "inn", "region_code", "capability", "score", "explanation"}
    assert "74" in [r["region_code"] for r in rows]


@pytest.mark.parametrize(("change", "field"), [
    pytest.param({"title": ""}, "title", id="empty-title"),
    pytest.param({"description": ""}, "description", id="empty-description"),
    pytest.param({"temp_min_c": 20, "temp_max_c": -60}, "temp_min_c", id="min-above-max"),
    pytest.param({"okpd2": "99.99.99"}, "okpd2", id="unknown-okpd2"),
    pytest.param({"description": "р" * 20_000}, "description", id="20000-characters"),
])
def test_bad_need_refused_with_field_named_and_nothing_stored(client, roslavl, change, field):
    user = User.objects.create_user("rts")
    assign_role(user, Role.MEMBER, organization=roslavl)
    client.force_login(user)
    before = Need.objects.count()  # the demo's own needs
    body = {"organization": roslavl.pk, "title": "РТИ для Арктики", "description": NEED, "kind": "prototype",
            "temp_min_c": -60, "climate_version": "ХЛ", "publish": True} | change
    response = client.post("/api/cooperation/needs", body, content_type="application/json")
    assert response.status_code == 422
    assert field in {e["loc"][-1] for e in response.json()["detail"]}
    assert Need.objects.count() == before
