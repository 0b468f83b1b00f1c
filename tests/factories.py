"""What many tests build the same way: the founding article and its gold extraction,
valid ИНН, users of each role, the Roslavl brake plant. Import as `factories`."""
from pathlib import Path

from promkoop.demo.seed_article import ARTICLE_PATH
from promkoop.registry.inn import inn_check_digits

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_ARTICLE = ARTICLE_PATH
SEED_GOLD = FIXTURES / "seed" / "smolensk-south-urals-2025-11-15.expected.json"


def make_inn(body: str) -> str:
    """A valid 10-digit ИНН from a 9-digit body."""
    return body + inn_check_digits(body)
