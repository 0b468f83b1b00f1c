"""Ingesting the founding article: what is stored, what is linked, what goes to review,
re-ingest without duplicates, need drafts with typed requirements, refused input."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from promkoop.news import engine
from promkoop.news.ingest import ingest_article
from promkoop.news.models import (Article, DraftStatus, Event, ExtractedNeed, ExtractedOffer, Fact, FactType,
                                  LinkStatus)
from promkoop.news.queries import article_counts
from promkoop.registry.models import Organization, Person

from factories import ROSLAVL, SEED_ARTICLE as SEED_TXT

pytestmark = pytest.mark.django_db

NEWS_MODELS = (Article, Fact, Event, ExtractedNeed, ExtractedOffer)


def _rows() -> dict:
    counts = {model.__name__: model.objects.count() for model in NEWS_MODELS}
    counts["Organization"] = Organization.objects.count()
    counts["Person"] = Person.objects.count()
    return counts


def _fact(article, kind, name) -> Fact:
    return article.facts.get(type=kind, name=name)


def test_seed_article_is_stored_with_title_date_author_and_text(ingest_seed, seed_text):
    article = ingest_seed()
    assert article.is_new
    assert article.title == "Смоленщина и Южный Урал укрепляют промышленное сотрудничество"
    assert article.author == "Мария Образцова"
    assert article.published_at == dt.datetime(2025, 11, 15, 18, 5, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert "Рославльские тормозные системы" in article.text
    assert article.source == SEED_TXT.name
    assert article.extraction["schema"] == "promkoop.extraction/1"


def test_regions_67_and_74_are_linked_with_spans(ingest_seed):
    article = ingest_seed()
    regions = {f.region_id: f for f in article.facts.filter(type=FactType.REGION)}
    assert set(regions) == {"67", "74"}
    for fact in regions.values():
        assert fact.link_status == LinkStatus.LINKED_AUTO
        assert fact.confidence == 1.0
    smolensk = regions["67"]
    assert article.text[smolensk.span_start:smolensk.span_end] == "Смоленщина"
    mentioned = {article.text[a:b] for a, b in smolensk.mentions}
    assert {"Смоленскую область", "Смоленской области"} <= mentioned
    assert "Южного Урала" in {article.text[a:b] for a, b in regions["74"].mentions}


def test_existing_brake_plant_is_linked_automatically(ingest_seed, roslavl):
    article = ingest_seed()
    fact = _fact(article, FactType.ORGANIZATION, ROSLAVL)
    assert fact.link_status == LinkStatus.LINKED_AUTO
    assert fact.organization == roslavl
    assert fact.confidence >= 0.9
    assert article.text[fact.span_start:fact.span_end] == ROSLAVL


def test_missing_brake_plant_goes_to_review_as_new_entity(ingest_seed):
    article = ingest_seed()
    fact = _fact(article, FactType.ORGANIZATION, ROSLAVL)
    assert fact.link_status == LinkStatus.NEEDS_REVIEW
    assert fact.organization is None
    assert fact.review_reason == "new_entity" and fact.candidates == []


def test_two_registry_records_with_the_same_name_are_not_merged_silently(ingest_seed, roslavl):
    from promkoop.registry import services as registry_services

    twin = registry_services.create_organization(name=ROSLAVL, legal_form="ООО", region_id="67")
    article = ingest_seed()
    fact = _fact(article, FactType.ORGANIZATION, ROSLAVL)
    assert fact.link_status == LinkStatus.NEEDS_REVIEW
    assert fact.review_reason == "ambiguous"
    assert {c["id"] for c in fact.candidates} == {roslavl.pk, twin.pk}


def test_same_name_in_another_region_is_a_candidate_not_a_link(ingest_seed):
    from promkoop.registry import services as registry_services

    elsewhere = registry_services.create_organization(name="СмолМаш", region_id="74")
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "СмолМаш")
    assert fact.link_status == LinkStatus.NEEDS_REVIEW
    assert fact.review_reason == "other_region"
    assert [c["id"] for c in fact.candidates] == [elsewhere.pk]


def test_park_found_by_short_name(ingest_seed):
    from promkoop.registry import services as registry_services

    park = registry_services.create_organization(name="Индустриальный парк «Бахус»", short_name="Бахус",
                                                 kind="industrial_park", region_id="67")
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "Бахус")
    assert (fact.link_status, fact.organization) == (LinkStatus.LINKED_AUTO, park)


def test_person_linked_by_name_in_region_regardless_of_word_order(ingest_seed):
    from promkoop.registry import services as registry_services

    person = registry_services.create_person(full_name="Илюхин Пётр", region_id="67")
    fact = _fact(ingest_seed(), FactType.PERSON, "Пётр Илюхин")
    assert (fact.link_status, fact.person) == (LinkStatus.LINKED_AUTO, person)


def test_reingesting_the_same_article_duplicates_nothing(ingest_seed, roslavl, seed_text):
    first = ingest_seed()
    before = _rows()
    again = ingest_article(seed_text.replace("\n", "\r\n"), source="pasted", acting_user=None)
    assert again.pk == first.pk and again.is_new is False
    assert _rows() == before


def test_need_draft_is_attached_to_the_brake_plant_with_arctic_requirements(ingest_seed, roslavl):
    article = ingest_seed()
    need = article.extractedneeds.get()
    assert need.organization == roslavl
    assert need.region_id == "67"
    assert need.subject == "резинотехнические изделия"
    assert need.status == DraftStatus.DRAFT
    assert need.climate_version == "ХЛ"
    assert need.temp_min_c is not None and need.temp_min_c <= -40
    assert any("арктическ" in r for r in need.requirements)
    assert any("низк" in r and "температур" in r for r in need.requirements)
    assert article.text[need.fact.span_start:need.fact.span_end] == need.text


def test_offer_draft_belongs_to_chelyabinsk_region(ingest_seed):
    offer = ingest_seed().extractedoffers.get()
    assert offer.organization is None and offer.region_id == "74"
    assert "опытные образцы" in offer.text


def test_events_carry_regions_dates_and_linked_participants(ingest_seed):
    from promkoop.registry import services as registry_services

    anokhin = registry_services.create_person(full_name="Анохин Василий Николаевич", region_id="67")
    article = ingest_seed()
    meeting = article.events.get(type=Event.Type.MEETING)
    assert meeting.date == dt.date(2024, 11, 15) and meeting.date_exact
    assert {r.pk for r in meeting.regions.all()} == {"67", "74"}
    assert list(meeting.persons.all()) == [anokhin]
    visit = article.events.get(type=Event.Type.DELEGATION_VISIT)
    assert visit.date == dt.date(2025, 11, 15) and not visit.date_exact


def test_counts_of_facts_links_and_review(ingest_seed, roslavl):
    counts = article_counts(ingest_seed())
    assert counts["facts"] == Fact.objects.count()
    assert counts["links"] == Fact.objects.filter(link_status=LinkStatus.LINKED_AUTO).count() >= 3
    assert counts["facts_review"] == Fact.objects.filter(link_status=LinkStatus.NEEDS_REVIEW).count() >= 1
    # need and offer drafts are work to review too (issue 12: «на проверку 0» while two drafts waited)
    assert counts["drafts"] == (ExtractedNeed.objects.filter(status=DraftStatus.DRAFT).count()
                                + ExtractedOffer.objects.filter(status=DraftStatus.DRAFT).count()) >= 2
    assert counts["review"] == counts["facts_review"] + counts["drafts"]


def test_spans_index_the_stored_text_of_a_windows_file(db, seed_text):
    article = ingest_article(seed_text.replace("\n", "\r\n").encode("cp1251"), source="win.txt",
                                      acting_user=None)
    plant = article.facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    governor = article.facts.get(type=FactType.PERSON, name="Василий Анохин")
    assert {article.text[a:b] for a, b in plant.mentions} == {ROSLAVL}
    assert [article.text[a:b] for a, b in governor.mentions] == ["Василием Анохиным"]


def test_saved_html_page_is_stored_as_its_article_text(db, seed_text):
    paragraphs = "".join(f"<p>{line}</p>" for line in seed_text.splitlines() if line.strip())
    html = ("<!doctype html><html><head><title>Новости Смоленской области</title></head><body>"
            "<nav><a href='/'>Главная</a> <a href='/news'>Новости</a></nav>"
            f"<article>{paragraphs}</article><footer>© Правительство</footer></body></html>")
    article = ingest_article(html.encode("utf-8"), source="page.html", acting_user=None)
    assert "<p>" not in article.text and "Главная" not in article.text
    fact = article.facts.get(type=FactType.ORGANIZATION, name=ROSLAVL)
    assert article.text[fact.span_start:fact.span_end] == ROSLAVL


def test_published_at_is_used_when_the_article_has_no_date(db):
    text = ("Делегация предприятий Челябинской области посетила Смоленскую область. Стороны обсудили "
            "поставки резинотехнических изделий для арктических условий.")
    article = ingest_article(text, source="note.txt", published_at="2025-03-01", acting_user=None)
    assert article.published_at.date() == dt.date(2025, 3, 1)


@pytest.mark.parametrize("data, code", [
    pytest.param("", "empty", id="empty-text"),
    pytest.param("   \n\t ", "empty", id="whitespace"),
    pytest.param(bytes(range(256)) * 64, "binary", id="binary-file"),
    pytest.param(("Смоленщина и Южный Урал. " * 450_000).encode(), "too_large", id="20-MB-file"),
    pytest.param("The delegation from Chelyabinsk visited Smolensk plants to discuss supplies of rubber goods "
                 "for arctic conditions.", "not_russian", id="english-text"),
    pytest.param("<html><head><title>Новости</title></head><body><nav><a href='/'>Главная</a> "
                 "<a href='/news'>Новости</a></nav><div>Подписывайтесь на наш канал</div></body></html>",
                 "no_article", id="html-without-article"),
])
def test_bad_input_is_refused_with_the_engine_code_and_stores_nothing(db, data, code):
    before = _rows()
    with pytest.raises(ValidationError) as exc:
        ingest_article(data, source="bad", acting_user=None)
    assert exc.value.error_dict["text"][0].code == code
    assert exc.value.messages[0]
    assert _rows() == before


def test_text_with_a_lone_surrogate_is_refused(db, seed_text):
    with pytest.raises(ValidationError) as exc:
        ingest_article(seed_text + "\ud800", source="x", acting_user=None)
    assert exc.value.error_dict["text"][0].code == "undecodable"
    assert Article.objects.count() == 0


def test_engine_parts_are_built_once_per_process():
    assert engine.parts() is engine.parts()


def test_bad_published_at_is_refused_naming_the_field(db, seed_bytes):
    with pytest.raises(ValidationError) as exc:
        ingest_article(seed_bytes, source="x", published_at="15.11.2025", acting_user=None)
    assert exc.value.error_dict["published_at"][0].code == "invalid_date"
    assert Article.objects.count() == 0


def test_cli_ingest_prints_counts_and_is_idempotent(db, capsys, roslavl):
    call_command("ingest", str(SEED_TXT))
    out = capsys.readouterr().out
    article = Article.objects.get()
    counts = article_counts(article)
    assert f"статья {article.pk} (новая)" in out
    assert (f"фактов {counts['facts']}, связано {counts['links']}, на проверку {counts['review']} "
            f"(связи {counts['facts_review']}, черновики {counts['drafts']})") in out
    call_command("ingest", str(SEED_TXT))
    assert "уже загружена" in capsys.readouterr().out
    assert Article.objects.count() == 1


def test_cli_ingest_fails_on_a_bad_file_and_stores_nothing_from_it(db, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    english = tmp_path / "english.txt"
    english.write_text("This is an English press release about industrial cooperation between regions.")
    with pytest.raises(CommandError, match="не загружено файлов: 3 из 3"):
        call_command("ingest", str(empty), str(english), str(tmp_path / "missing.txt"))
    err = capsys.readouterr().err
    assert "empty.txt: пустой текст" in err
    assert "english.txt: текст не на русском языке" in err
    assert "missing.txt: файл не найден" in err
    assert Article.objects.count() == 0
