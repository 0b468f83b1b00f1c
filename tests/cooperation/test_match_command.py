"""`promkoop match`: JSON rows for a text or a stored need, what an anonymous user (or the given
user) may see, and clear refusals for bad arguments."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from promkoop.cooperation import services

from factories import make_member

from .conftest import NEED_TEXT


def run(**options) -> str:
    out = StringIO()
    call_command("match", stdout=out, **options)
    return out.getvalue()


def test_match_text_prints_json_rows(arctic_rti, plain_rti, closed_firm):
    rows = json.loads(run(need_text=NEED_TEXT, region="67", top=5, json=True))
    assert [r["organization"] for r in rows] == ["ЧЗРТИ", "Уральский завод РТИ"]  # no closed profile
    assert set(rows[0]) >= {"organization", "inn", "region_code", "capability", "score", "explanation"}
    assert rows[0]["inn"] == arctic_rti.inn and rows[0]["explanation"]["distance_km"] > 1000


def test_match_text_explains_the_cold_climate_requirements_the_text_implies(arctic_rti, plain_rti):
    """"в арктических условиях при низких температурах" asks for ХЛ and −60 °C: Chelyabinsk (74) meets
    both, the ordinary −40 °C / У plant does not."""
    rows = {r["region_code"]: r for r in json.loads(run(need_text=NEED_TEXT, region="67", top=5, json=True))}
    met = {c["name"] for c in rows["74"]["explanation"]["requirements_met"]}
    assert met >= {"temperature", "climate_version", "prototypes"}
    not_met = {c["name"]: c for c in rows["66"]["explanation"]["requirements_not_met"]}
    assert not_met["temperature"]["hard"] and not_met["climate_version"]["hard"]


def test_match_json_reasons_carry_structured_fields_and_russian_text(arctic_rti, plain_rti):
    rows = {r["region_code"]: r for r in json.loads(run(need_text=NEED_TEXT, region="67", top=5, json=True))}
    not_met = {c["name"]: c for c in rows["66"]["explanation"]["requirements_not_met"]}
    temperature = not_met["temperature"]
    assert temperature["values"]["failed"] == ["min"] and temperature["values"]["offered_min_c"] == -40
    assert "нижняя граница −40 °C вместо −60 °C" in temperature["text"]
    reasons = rows["66"]["explanation"]["reasons"]
    assert all({"kind", "case", "status", "values", "text"} <= set(r) for r in reasons)
    assert any(r["kind"] == "temperature" and r["status"] == "not_met" and r["text"].startswith("✗ Температура")
               for r in reasons)


def test_match_need_by_id_and_human_output(roslavl, arctic_rti, need_values):
    need = services.create_need(roslavl, publish=True, **need_values)
    rows = json.loads(run(need=need.pk, json=True))
    assert rows[0]["organization"] == "ЧЗРТИ"
    text = run(need=need.pk, top=1)
    assert text.startswith(" 1. ") and "ЧЗРТИ" in text and "✓" in text


def test_private_need_is_missing_for_anonymous_but_found_for_its_member(roslavl, arctic_rti, need_values):
    need = services.create_need(roslavl, publish=True, visibility="private", **need_values)
    with pytest.raises(CommandError, match=f"Нет потребности №{need.pk}"):
        run(need=need.pk, json=True)
    make_member("rts", roslavl)
    assert json.loads(run(need=need.pk, user="rts", json=True))[0]["organization"] == "ЧЗРТИ"


@pytest.mark.parametrize(("options", "message"), [
    ({"need_text": "  "}, "пуст"),
    ({"need_text": "РТИ", "region": "00"}, "региона «00»"),
    ({"need_text": "РТИ", "okpd2": "99.99"}, "ОКПД2 «99.99»"),
    ({"need_text": "РТИ", "top": 0}, "--top"),
    # A long text is not refused: the engine reads its first words (matching.text.normalize_query).
    ({"need_text": "РТИ", "user": "nobody"}, "Нет пользователя"),
])
def test_bad_arguments_are_refused_clearly(db, options, message):
    with pytest.raises(CommandError, match=message):
        run(**options)
