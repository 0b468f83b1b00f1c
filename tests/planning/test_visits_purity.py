"""The planning engine is pure Python: importing and running the visit planner loads no Django."""
import subprocess
import sys

PROGRAM = """
import datetime as dt, sys
from promkoop.planning.visits import Candidate, Place, VisitRequest, plan_visit
request = VisitRequest("67", Place("Смоленск", 54.78, 32.05), (dt.date(2025, 11, 14),),
                       (Candidate(1, "Завод", 54.9, 32.2, 0.5),), time_limit_s=0.05)
assert plan_visit(request).stops()
print(sorted(m for m in sys.modules if m == "django" or m.startswith("django.")))
"""


def test_the_visit_planner_imports_no_django():
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
