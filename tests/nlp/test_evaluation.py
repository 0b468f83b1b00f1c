"""The project's extraction scorer: each documented rule, on small hand-made documents."""
import json

import pytest
from django.core.management import call_command

from factories import SEED_GOLD
from promkoop.nlp import evaluation
from promkoop.nlp.evaluation import count, figures, overall_f1


def fields(gold, pred):
    return figures(count(gold, pred))["fields"]


def test_case_endings_legal_forms_and_quotes_do_not_matter_for_names():
    gold = {"organizations": [{"name": "Рославльские тормозные системы", "kind": "enterprise"}]}
    pred = {"organizations": [{"name": "АО «Рославльских тормозных систем»", "kind": "enterprise"}]}
    assert fields(gold, pred)["organizations"]["f1"] == 1.0


def test_a_different_organization_is_not_a_match():
    gold = {"organizations": [{"name": "СмолМаш"}]}
    pred = {"organizations": [{"name": "Смоленский автоагрегатный завод"}]}
    f = fields(gold, pred)["organizations"]
    assert (f["tp"], f["pred"], f["gold"], f["f1"]) == (0, 1, 1, 0.0)


def test_persons_ignore_patronymic_and_order_but_need_first_and_last_name():
    gold = {"persons": [{"name": "Пётр Илюхин"}]}
    assert fields(gold, {"persons": [{"name": "Илюхиным Петром Николаевичем"}]})["persons"]["tp"] == 1
    assert fields(gold, {"persons": [{"name": "Илюхин"}]})["persons"]["tp"] == 0


def test_a_surname_that_looks_like_a_patronymic_is_kept():
    assert evaluation.person_similarity("Роман Абрамович", "Абрамович Роман") == 1.0


def test_dates_compare_days_and_minutes_only_when_both_have_them():
    assert evaluation.dates_match("2025-11-15T18:05", "2025-11-15")
    assert not evaluation.dates_match("2025-11-15T18:05", "2025-11-15T18:06")
    assert not evaluation.dates_match("2025-11-15", "2025-11-14")
    assert not evaluation.dates_match(None, "2025-11-15")


def test_regions_are_a_set_of_codes_and_invalid_codes_count_as_wrong():
    gold = {"regions": [{"code": "67"}, {"code": "74"}]}
    f = fields(gold, {"regions": [{"code": 67}, {"code": None}]})["regions"]
    assert (f["tp"], f["pred"], f["gold"]) == (1, 2, 2)


def test_events_need_the_same_type_and_prefer_equal_dates():
    gold = {"events": [{"type": "meeting", "date": "2024-11-15", "date_exact": True},
                       {"type": "meeting", "date": "2025-11-15", "date_exact": False}]}
    pred = {"events": [{"type": "meeting", "date": "2025-11-15"}, {"type": "round_table", "date": "2024-11-15"}]}
    fig = figures(count(gold, pred))
    assert fig["fields"]["events"]["tp"] == 1
    # the one meeting predicted pairs with the gold meeting of the same date, not the exact-date one
    assert fig["accuracy"]["events.date (gold date_exact)"]["total"] == 0


def test_needs_match_by_owner_and_subject_or_by_region_when_nobody_is_named():
    gold = {"needs": [{"organization": "Рославльские тормозные системы", "subject": "резинотехнические изделия"}],
            "offers": [{"organization": None, "region_code": "74", "subject": "опытные образцы по ТЗ"}]}
    pred = {"needs": [{"organization": "Рославльские тормозные системы",
                       "subject": "поставки резинотехнических изделий для Арктики"}],
            "offers": [{"organization": None, "region_code": "67", "subject": "опытные образцы по ТЗ"}]}
    f = fields(gold, pred)
    assert f["needs"]["tp"] == 1 and f["offers"]["tp"] == 0


def test_empty_fields_on_both_sides_score_one_and_missing_prediction_scores_zero():
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert overall_f1(gold, gold) == 1.0
    assert overall_f1(gold, {}) == 0.0
    assert fields({}, {})["needs"]["f1"] == 1.0


def test_position_accuracy_is_reported_apart_from_f1():
    gold = {"persons": [{"name": "Пётр Илюхин", "position": "заместитель председателя правительства"}]}
    pred = {"persons": [{"name": "Пётр Илюхин", "position": "министр"}]}
    fig = figures(count(gold, pred))
    assert fig["overall"]["f1"] == 1.0
    assert fig["accuracy"]["persons.position"] == {"correct": 0, "total": 1, "accuracy": 0.0}


def test_counts_add_up_over_documents():
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    total = count(gold, gold) + count(gold, {})
    fig = figures(total)["overall"]
    assert fig["tp"] * 2 == fig["gold"] and fig["recall"] == 0.5 and fig["precision"] == 1.0


def test_values_of_unexpected_types_never_match_but_count_as_predicted():
    f = fields({"organizations": [{"name": "Алди"}]}, {"organizations": [{"name": 42}, "Алди"]})["organizations"]
    assert (f["tp"], f["pred"]) == (0, 2)


# ---------------------------------------------------------------------------- the command
def test_command_scores_a_file_against_itself(capsys):
    call_command("score_extraction", str(SEED_GOLD), str(SEED_GOLD), "--json")
    assert json.loads(capsys.readouterr().out)["overall"]["f1"] == 1.0


def test_command_scores_directories_and_counts_a_missing_prediction_as_empty(tmp_path, capsys):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir(), pred_dir.mkdir()
    (gold_dir / "a.expected.json").write_text(SEED_GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    (gold_dir / "b.expected.json").write_text(SEED_GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    (pred_dir / "a.json").write_text(SEED_GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    call_command("score_extraction", "--gold-dir", str(gold_dir), "--pred-dir", str(pred_dir), "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["files"]["a.expected.json"]["overall"]["f1"] == 1.0
    assert result["files"]["b.expected.json"]["overall"]["f1"] == 0.0
    assert result["total"]["overall"]["recall"] == 0.5


@pytest.mark.parametrize("content, problem", [("[1, 2]", "JSON-объект"), ("{broken", "JSON")])
def test_command_refuses_a_file_that_is_not_a_json_object_naming_it(tmp_path, capsys, content, problem):
    bad = tmp_path / "pred.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("score_extraction", str(SEED_GOLD), str(bad))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "PRED" in err and str(bad) in err and problem in err
