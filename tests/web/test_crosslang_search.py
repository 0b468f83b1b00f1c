"""English words find Russian records (issue 12, point 11): "rubber" finds the Chelyabinsk rubber-goods
maker's capability, its organization and a need for rubber cuffs, on the capability, organization and
need searches; a Russian query is searched as before."""
import pytest
from django.conf import settings
from django.utils import translation

from promkoop.cooperation import services as cooperation
from promkoop.registry import crosslang

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [str(row) for row in response.context["page"].object_list]


def test_english_word_has_russian_stems():
    assert "резин" in crosslang.russian_stems("rubber")
    assert crosslang.russian_stems("резина") == ()  # a Russian word is searched as typed


def test_capability_search_in_english(client, roslavl, rti_maker):
    assert _names(client.get("/registry/capabilities/", {"q": "rubber"})) == ["Морозостойкие манжеты и уплотнения"]
    assert "Морозостойкие манжеты и уплотнения" not in _names(client.get("/registry/capabilities/", {"q": "brake"}))


@pytest.fixture
def english(client):
    """The English cookie; the language a request activated is not left to the next test."""
    client.cookies["django_language"] = "en"
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_organization_search_in_english(client, english, roslavl, rti_maker):
    assert _names(client.get("/registry/organizations/", {"q": "rubber"})) == [str(rti_maker)]
    assert _names(client.get("/registry/organizations/", {"q": "brake"})) == [str(roslavl)]


def test_need_search_in_english(client, roslavl, rti_maker):
    cooperation.create_need(roslavl, publish=True, title="Резиновые манжеты тормозных камер",
                            description="Манжеты для пневматических тормозных камер.")
    cooperation.create_need(roslavl, publish=True, title="Стальные отливки", description="Отливки корпусов.")
    assert _names(client.get("/cooperation/needs/", {"q": "rubber"})) == ["Резиновые манжеты тормозных камер"]
    assert _names(client.get("/cooperation/needs/", {"q": "steel"})) == ["Стальные отливки"]
    assert _names(client.get("/cooperation/needs/", {"q": "резиновые"})) == ["Резиновые манжеты тормозных камер"]


def test_the_vocabulary_is_made_by_a_start_job_not_by_the_first_english_search(settings, tmp_path):
    """`search-vocabulary` runs when the server starts (devserver queues `on_start` jobs): it saves the
    vocabulary's vectors under VAR_DIR, which a new process then reads instead of encoding them."""
    from factories import run_worker
    from promkoop.background.registry import kind
    from promkoop.background.service import start_job

    settings.VAR_DIR = tmp_path
    crosslang._translators.clear()  # as in a new process: nothing in memory, nothing under this VAR_DIR
    assert kind("search-vocabulary").on_start
    job = start_job("search-vocabulary")
    run_worker()
    job.refresh_from_db()
    assert job.result["words"] > 1000, job.result
    assert len(list((tmp_path / "cache" / "crosslang").glob("*.npy"))) == 1
