"""Character spans and confidences: every entity and fact points back into the input text."""
import json

import pytest

from promkoop.nlp import Span, extract
from promkoop.nlp.names import name_key

from factories import SEED_ARTICLE, SEED_GOLD
from promkoop.nlp.evaluation import overall_f1

pytestmark = []


@pytest.fixture(scope="module")
def seed(parts):
    return extract(SEED_ARTICLE.read_bytes(), parts)


def sliced(e, spans):
    return [e.text[s:t] for s, t in spans]


def test_text_is_the_input_text(seed):
    assert seed.text == SEED_ARTICLE.read_text(encoding="utf-8")


def test_person_spans_slice_to_their_mentions(seed):
    persons = {p.name: sliced(seed, p.mentions) for p in seed.persons}
    assert persons == {"Пётр Илюхин": ["Пётр Илюхин"],
                       "Василий Анохин": ["Василием Анохиным"],
                       "Алексей Текслер": ["Алексеем Текслером"]}


def test_organization_spans_slice_to_every_mention(seed):
    orgs = {o.name: sliced(seed, o.mentions) for o in seed.organizations}
    assert orgs["Рославльские тормозные системы"] == ["Рославльские тормозные системы"] * 2
    assert orgs["СмолМаш"] == ["СмолМаш"]
    assert orgs["правительство Смоленской области"] == [
        "правительства Смоленской области", "правительстве Смоленской области",
        "правительства Смоленской области"]
    assert orgs["Бахус"] == ["Бахус"]
    for name, texts in orgs.items():  # each slice names the organization
        assert texts and all(name_key(t) & name_key(name) for t in texts), name


def test_region_spans_slice_to_region_names(seed):
    regions = {r.code: sliced(seed, r.mentions) for r in seed.regions}
    assert regions["67"][0] == "Смоленщина"
    assert "Смоленскую область" in regions["67"]
    assert "Челябинской области" in regions["74"] and "Южного Урала" in regions["74"]
    assert "Челябинске" in regions["74"]


def test_fact_spans_are_their_sentences(seed):
    need, = seed.needs
    offer, = seed.offers
    assert sliced(seed, need.spans) == [need.text]
    assert sliced(seed, offer.spans) == [offer.text]
    meeting = next(e for e in seed.events if e.type == "meeting")
    assert any("ровно год назад на рабочей встрече в Челябинске" in t
               for t in sliced(seed, meeting.spans))
    assert all(e.spans for e in seed.events)


def test_confidences_are_probabilities_and_rank_evidence(seed):
    items = seed.regions + seed.organizations + seed.persons + seed.events + seed.needs \
        + seed.offers + seed.entities
    assert all(0 < i.confidence <= 1 for i in items)
    by_name = {o.name: o.confidence for o in seed.organizations}
    # two typed mentions beat one mention in a list item
    assert by_name["Рославльские тормозные системы"] > by_name["Алди"]


def test_json_carries_spans_and_confidence(seed, parts):
    doc = seed.to_json()
    assert doc["persons"][0]["spans"] == [list(s) for s in seed.persons[0].mentions]
    for key in ("regions", "organizations", "persons", "events", "needs", "offers"):
        assert all(isinstance(i["confidence"], float) and i["spans"] for i in doc[key]), key
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert overall_f1(gold, json.loads(json.dumps(doc))) == 1.0  # extra keys change nothing


def test_entity_layer_slices_back_and_keeps_what_the_schema_drops(seed):
    assert seed.entities
    for m in seed.entities:
        assert seed.text[m.span.start:m.span.end] == m.text
    texts = {(m.type, m.text) for m in seed.entities}
    assert ("LOC", "Челябинске") in texts
    assert ("ORG", "правительства Смоленской области") in texts
    assert ("PER", "Пётр Илюхин") in texts


def test_spans_index_the_input_with_windows_line_ends(parts):
    text = ("Заголовок новости\r\n\r\n15 ноября 2025 года\r\n"
            "Губернатор Челябинской области Алексей Текслер посетил завод «СмолМаш» "
            "в Смоленской области.\r\n")
    e = extract(text, parts)
    assert e.text == text
    person, = e.persons
    assert sliced(e, person.mentions) == ["Алексей Текслер"]
    assert [sliced(e, o.mentions) for o in e.organizations] == [["СмолМаш"]]
    assert {t for r in e.regions for t in sliced(e, r.mentions)} == {
        "Челябинской области", "Смоленской области"}


def test_spans_of_an_html_page_index_its_plain_text(parts):
    body = " ".join(["Губернатор Челябинской области Алексей Текслер посетил завод «СмолМаш» "
                     "в Смоленской области и обсудил поставки техники."] * 3)
    html = (f"<html><head><title>Визит на Смоленщину</title></head><body><article>"
            f"<h1>Визит на Смоленщину</h1><p>{body}</p></article></body></html>")
    e = extract(html, parts)
    assert "<" not in e.text and "Алексей Текслер" in e.text
    assert all(e.text[s:t] == "Алексей Текслер" for s, t in e.persons[0].mentions)
    assert all(e.text[s:t] == "СмолМаш" for o in e.organizations for s, t in o.mentions)


def test_span_and_confidence_are_checked():
    from promkoop.nlp import Organization
    with pytest.raises(ValueError, match="Organization.confidence 1.5"):
        Organization("СмолМаш", "enterprise", confidence=1.5)
    with pytest.raises(ValueError, match="span"):
        Organization("СмолМаш", "enterprise", mentions=(Span(5, 2),))
