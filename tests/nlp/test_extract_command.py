"""`promkoop extract`: one JSON document on stdout, refusals on stderr, nothing written."""
import json

import pytest

from promkoop.news.management.commands.extract import Command
from promkoop.nlp.loading import MAX_BYTES

from factories import SEED_ARTICLE

pytestmark = []


def run(argv, monkeypatch, capsys, stdin: bytes | None = None):
    """Exit code, stdout and stderr of `promkoop extract ARGV`."""
    if stdin is not None:
        import io
        import sys

        class Stdin:
            buffer = io.BytesIO(stdin)
        monkeypatch.setattr(sys, "stdin", Stdin)
    try:
        Command().run_from_argv(["promkoop", "extract", *argv])
        code = 0
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_one_json_document_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run([str(SEED_ARTICLE), "--json"], monkeypatch, capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "promkoop.extraction/1"
    assert doc["document"]["author"] == "Мария Образцова"
    assert list(tmp_path.iterdir()) == []


def test_reads_cp1251_from_stdin(monkeypatch, capsys):
    data = SEED_ARTICLE.read_text(encoding="utf-8").encode("cp1251")
    code, out, _ = run(["-", "--json"], monkeypatch, capsys, stdin=data)
    assert code == 0
    regions = [(r["code"], r["name"]) for r in json.loads(out)["regions"]]
    assert regions == [("67", "Смоленская область"), ("74", "Челябинская область")]


def test_published_at_option(tmp_path, monkeypatch, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Заголовок\nДелегация Челябинской области посетила Смоленскую область.",
                 encoding="utf-8")
    code, out, _ = run([str(f), "--published-at", "2025-11-15", "--json"], monkeypatch, capsys)
    assert code == 0
    assert json.loads(out)["events"][0]["date"] == "2025-11-15"


@pytest.mark.parametrize("content, message", [
    pytest.param(b"", "пустой текст", id="empty"),
    pytest.param(bytes(range(256)) * 64, "двоичный файл", id="binary"),
    pytest.param(b"The delegation visited Smolensk and discussed rubber goods supplies.",
                 "не на русском", id="english"),
    pytest.param("代表团访问了斯摩棱斯克州的企业并讨论了橡胶制品的供应".encode(), "не на русском",
                 id="chinese"),
    pytest.param(b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav>"
                 b"</body></html>", "не найден текст статьи", id="html-without-article"),
])
def test_refused_input_exits_non_zero_with_a_message(tmp_path, monkeypatch, capsys, content,
                                                      message):
    f = tmp_path / "article.txt"
    f.write_bytes(content)
    code, out, err = run([str(f), "--json"], monkeypatch, capsys)
    assert code == 1
    assert message in err and str(f) in err
    assert out == ""
    assert list(tmp_path.iterdir()) == [f]


def test_refuses_a_20_mb_file_without_reading_it(tmp_path, monkeypatch, capsys):
    f = tmp_path / "big.txt"
    with f.open("wb") as out:
        out.truncate(20 * 1024 * 1024)
    code, out, err = run([str(f)], monkeypatch, capsys)
    assert code == 1
    assert f"предел {MAX_BYTES} байт" in err


def test_missing_file_and_bad_date(tmp_path, monkeypatch, capsys):
    code, _, err = run([str(tmp_path / "nope.txt")], monkeypatch, capsys)
    assert code == 1 and "файл не найден" in err
    code, _, err = run([str(SEED_ARTICLE), "--published-at", "15.11.2025"],
                       monkeypatch, capsys)
    assert code == 1 and "YYYY-MM-DD" in err


def test_extract_command_is_registered(capsys):
    """`promkoop extract` finds the command once promkoop.news is an installed app."""
    from django.core.management import call_command

    call_command("extract", str(SEED_ARTICLE), "--json")
    assert json.loads(capsys.readouterr().out)["document"]["published_at"] == "2025-11-15T18:05"
