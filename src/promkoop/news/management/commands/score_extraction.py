"""`promkoop score-extraction GOLD PRED [--json]` or `--gold-dir DIR --pred-dir DIR`:
how close an extraction is to its gold one (rules in `promkoop.nlp.evaluation`).

Directory mode pairs files by name (X.json also stands for X.expected.json), scores a
missing prediction as an empty one and adds the counts up. A file that is not a JSON
object is refused with its name and exit code 2. Writes nothing.
"""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from promkoop.nlp import evaluation


class RefusedFile(Exception):
    pass


def load_object(path: Path, role: str) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RefusedFile(f"{role} {path}: не удаётся прочитать JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise RefusedFile(f"{role} {path}: нужен JSON-объект, а не {type(doc).__name__}")
    return doc


def score_directories(gold_dir: Path, pred_dir: Path) -> tuple[dict[str, evaluation.Counts], evaluation.Counts]:
    per_file, total = {}, evaluation.Counts()
    for gold_path in sorted(gold_dir.glob("*.json")):
        names = (gold_path.name, gold_path.name.replace(".expected.", "."))
        pred_path = next((pred_dir / n for n in names if (pred_dir / n).is_file()), None)
        pred = load_object(pred_path, "PRED") if pred_path else {}
        per_file[gold_path.name] = counts = evaluation.count(load_object(gold_path, "GOLD"), pred)
        total = total + counts
    return per_file, total


class Command(BaseCommand):
    help = "Сравнить извлечение (promkoop.extraction/1) с эталоном: точность, полнота, F1."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="?", help="эталонный JSON")
        parser.add_argument("pred", nargs="?", help="проверяемый JSON")
        parser.add_argument("--gold-dir", help="папка эталонов *.json")
        parser.add_argument("--pred-dir", help="папка извлечений (пары по имени файла)")
        parser.add_argument("--json", action="store_true", help="все цифры одним JSON-объектом")

    def handle(self, *args, gold, pred, gold_dir, pred_dir, **options):
        single = bool(gold and pred) and not (gold_dir or pred_dir)
        if not single and not (gold_dir and pred_dir and not gold):
            return self.refuse("укажите GOLD.json PRED.json или --gold-dir DIR --pred-dir DIR")
        try:
            if single:
                result = fig = evaluation.figures(
                    evaluation.count(load_object(Path(gold), "GOLD"), load_object(Path(pred), "PRED")))
            else:
                per_file, total = score_directories(Path(gold_dir), Path(pred_dir))
                if not per_file:
                    return self.refuse(f"в {gold_dir} нет файлов *.json")
                fig = evaluation.figures(total)
                result = {"files": {n: evaluation.figures(c) for n, c in per_file.items()}, "total": fig}
        except RefusedFile as exc:
            return self.refuse(str(exc))
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        if not single:
            for name, f in result["files"].items():
                self.stdout.write(f"{name}: F1 {f['overall']['f1']:.3f}")
            self.stdout.write("")
        self.stdout.write(evaluation.table(fig))

    def refuse(self, message: str) -> None:
        self.stderr.write(f"score-extraction: {message}")
        sys.exit(2)
