"""`promkoop schedule-b2b`: one JSON schedule on stdout; an invalid or unreadable instance gives a
message naming the item on stderr and exit code 2."""
import json

import pytest

from promkoop.events.management.commands.schedule_b2b import Command

from planning.test_b2b_instance import INVALID
from planning.validator import b2b_problems

INSTANCE = {
    "schema": "promkoop.b2b/1", "slots": ["11:00", "11:20", "11:40", "12:00"],
    "sessions": [["11:00", "11:20"], ["11:40", "12:00"]], "tables": 2,
    "participants": [{"id": "ЧЗРТИ"}, {"id": "Рославльский ВРЗ", "unavailable": ["11:00"]},
                     {"id": "Смоленский авиазавод"}, {"id": "Уралкран"}],
    "requests": [{"a": "ЧЗРТИ", "b": "Рославльский ВРЗ", "weight": 2},
                 {"a": "ЧЗРТИ", "b": "Смоленский авиазавод"},
                 {"a": "Уралкран", "b": "Смоленский авиазавод", "weight": 3},
                 {"a": "Уралкран", "b": "Рославльский ВРЗ"}],
}


def run(argv, capsys):
    """Exit code, stdout and stderr of `promkoop schedule-b2b ARGV`."""
    try:
        Command().run_from_argv(["promkoop", "schedule_b2b", *argv])
        code = 0
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, data, name="instance.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_prints_an_optimal_schedule_as_json(tmp_path, capsys):
    code, out, err = run([write(tmp_path, INSTANCE), "--time-limit", "5", "--json"], capsys)
    assert code == 0 and err == ""
    result = json.loads(out)
    assert b2b_problems(INSTANCE, result) == []
    assert (result["scheduled_weight"], result["upper_bound"], result["status"]) == (7, 7, "OPTIMAL")
    assert result["idle_gaps"] == 0


def test_human_output_lists_meetings_and_the_proven_weight(tmp_path, capsys):
    code, out, _ = run([write(tmp_path, INSTANCE), "--time-limit", "5"], capsys)
    assert code == 0
    assert "ЧЗРТИ — Рославльский ВРЗ" in out and "вес 7 из не более 7 (OPTIMAL)" in out


@pytest.mark.parametrize("name", INVALID)
def test_invalid_instances_exit_2_naming_the_item(name, tmp_path, capsys):
    data, expected = INVALID[name]
    code, out, err = run([write(tmp_path, data), "--json"], capsys)
    assert code == 2 and out == ""
    assert expected in err


def test_malformed_json_exits_2_naming_the_line(tmp_path, capsys):
    code, _, err = run([write(tmp_path, '{"schema": "promkoop.b2b/1",\n"slots": [,]}'), "--json"], capsys)
    assert code == 2 and "строке 2" in err


def test_missing_or_unreadable_file_exits_2(tmp_path, capsys):
    code, _, err = run([str(tmp_path / "absent.json"), "--json"], capsys)
    assert code == 2 and "absent.json" in err
    code, _, err = run([str(tmp_path), "--json"], capsys)
    assert code == 2 and "не удалось прочитать" in err
