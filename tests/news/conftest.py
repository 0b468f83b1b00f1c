"""News fixtures: the seed article, organizations from it created through registry.services,
and the article ingested once per test through news.ingest. The engine's heavy parts are
built once per process by `news.engine` (its module cache), so once per test session."""
import pytest

from factories import SEED_ARTICLE, make_roslavl
from promkoop.news.ingest import ingest_article
from promkoop.registry import services as registry_services
from promkoop.registry.models import Organization




@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED_ARTICLE.read_bytes()


@pytest.fixture(scope="session")
def seed_text(seed_bytes) -> str:
    return seed_bytes.decode("utf-8")


@pytest.fixture
def roslavl(db) -> Organization:
    return make_roslavl(city_id=None, okved_main_id=None)


@pytest.fixture
def smolmash(db) -> Organization:
    return registry_services.create_organization(name="СмолМаш", legal_form="ООО", region_id="67")


@pytest.fixture
def ingest_seed(db, seed_bytes):
    """Ingest the seed article as `user` (None for the CLI-like case)."""
    def ingest(user=None, **kwargs):
        return ingest_article(seed_bytes, source=SEED_ARTICLE.name, acting_user=user, **kwargs)
    return ingest
