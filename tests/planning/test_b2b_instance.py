"""Reading `promkoop.b2b/1`: what is accepted, and every refusal naming the offending item."""
import json

import pytest

from promkoop.planning.b2b import InstanceError, parse_instance


def valid() -> dict:
    return {"schema": "promkoop.b2b/1", "slots": ["s1", "s2", "s3"], "tables": 2,
            "participants": [{"id": "p1"}, {"id": "p2", "unavailable": ["s3"]}, {"id": "p3"}],
            "requests": [{"a": "p1", "b": "p2", "weight": 2}, {"a": "p2", "b": "p3"}]}


def with_(**changes) -> dict:
    data = valid()
    data.update(changes)
    return data


def test_defaults_one_session_weight_one_and_extra_keys_ignored():
    data = valid()
    data["venue"] = "Смоленск"
    data["participants"][0]["name"] = "ЧЗРТИ"
    data["requests"][1]["note"] = "взаимный"
    instance = parse_instance(json.dumps(data, ensure_ascii=False))
    assert instance.sessions == (("s1", "s2", "s3"),)
    assert [r.weight for r in instance.requests] == [2, 1]
    assert instance.participant("p2").unavailable == {"s3"}


def test_sessions_keep_time_order_whatever_order_they_list_slots_in():
    instance = parse_instance(with_(sessions=[["s3", "s1"], ["s2"]]))
    assert instance.sessions == (("s1", "s3"), ("s2",))


def test_bytes_are_read_as_utf8_json():
    assert parse_instance(json.dumps(valid()).encode()).tables == 2


# (instance, text the message must contain — the offending item)
INVALID = {
    "unknown participant": (with_(requests=[{"a": "p1", "b": "p9"}]), "p9"),
    "unknown slot in unavailable": (with_(participants=[{"id": "p1", "unavailable": ["s9"]}, {"id": "p2"}]), "s9"),
    "unknown slot in a session": (with_(sessions=[["s1", "s2", "s3", "s9"]]), "s9"),
    "pair with itself": (with_(requests=[{"a": "p2", "b": "p2"}]), "«p2» в паре с самим собой"),
    "duplicate participant": (with_(participants=[{"id": "p1"}, {"id": "p2"}, {"id": "p1"}]), "id «p1» повторяется"),
    "duplicate pair": (with_(requests=[{"a": "p1", "b": "p2"}, {"a": "p2", "b": "p1"}]), "пара p2–p1 повторяется"),
    "no slots": (with_(slots=[]), "slots"),
    "duplicate slot": (with_(slots=["s1", "s2", "s1"]), "слот «s1» повторяется"),
    "weight below one": (with_(requests=[{"a": "p1", "b": "p2", "weight": 0}]), "вес 0 меньше 1"),
    "fractional weight": (with_(requests=[{"a": "p1", "b": "p2", "weight": 1.5}]), "вес 1.5 не целое"),
    "weight as text": (with_(requests=[{"a": "p1", "b": "p2", "weight": "2"}]), 'вес "2" не целое'),
    "weight as boolean": (with_(requests=[{"a": "p1", "b": "p2", "weight": True}]), "вес true не целое"),
    "slot in no session": (with_(sessions=[["s1", "s2"]]), "слот «s3» не входит ни в одну сессию"),
    "slot in two sessions": (with_(sessions=[["s1", "s2"], ["s2", "s3"]]), "слот «s2» входит в сессии 1 и 2"),
    "empty session": (with_(sessions=[["s1", "s2", "s3"], []]), "сессия 2"),
    "no tables": (with_(tables=0), "tables"),
    "wrong schema": (with_(schema="promkoop.b2b/2"), "promkoop.b2b/2"),
    "participant without id": (with_(participants=[{"id": "p1"}, {"name": "x"}]), "участника 2"),
}


@pytest.mark.parametrize("name", INVALID)
def test_invalid_instances_name_the_offending_item(name):
    data, expected = INVALID[name]
    with pytest.raises(InstanceError) as caught:
        parse_instance(json.dumps(data, ensure_ascii=False))
    assert expected in caught.value.message


def test_malformed_json_names_the_line_and_column():
    text = '{\n  "schema": "promkoop.b2b/1",\n  "slots": ["s1" "s2"]\n}'
    with pytest.raises(InstanceError) as caught:
        parse_instance(text)
    assert "строке 3, столбце 18" in caught.value.message and caught.value.item == "line 3"


def test_an_instance_that_is_not_an_object_is_refused():
    with pytest.raises(InstanceError, match="JSON-объектом"):
        parse_instance("[1, 2]")
