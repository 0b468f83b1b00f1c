"""The form renderer writes select lists in Python: the same markup as Django's templates, byte for byte."""
import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from promkoop.registry.forms import CapabilitySearchForm
from promkoop.web.form_renderer import FormRenderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "Ана & «Б»"), ("b\"<", "кавычки")], required=False)
    grouped = forms.ChoiceField(choices=[("Урал", [("74", "Челябинская"), ("66", "Свердловская")]),
                                         ("Центр", [("67", "Смоленская")]), ("x", "вне групп")])
    many = forms.MultipleChoiceField(choices=[(1, 1000), (2, mark_safe("<b>два</b>")), (3, datetime.date(2026, 12, 6))])
    flags = forms.ChoiceField(choices=[("1", "да")], widget=forms.Select(attrs={"disabled": True, "hidden": False,
                                                                              "data-x": 'a"b', "class": "wide"}))
    plain_number = forms.TypedChoiceField(choices=[(5, 5), (10, 10)], coerce=int)


@pytest.mark.parametrize("data", [{}, {"plain": "a", "grouped": "66", "many": ["1", "3"], "plain_number": "10"},
                                  {"plain": "b\"<", "grouped": "x", "many": ["2"]}])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_select_lists_render_as_djangos_templates_do(data, language, settings):
    from django.utils import translation

    with translation.override(language):
        for name in Sample.base_fields:
            ours = Sample(data or None, renderer=FormRenderer())[name].as_widget()
            django = Sample(data or None, renderer=DjangoTemplates())[name].as_widget()
            assert ours == django, name


@pytest.mark.django_db
def test_the_search_forms_region_list_is_unchanged(reference_data):
    ours = str(CapabilitySearchForm({"region": "74"}, renderer=FormRenderer())["region"])
    django = str(CapabilitySearchForm({"region": "74"}, renderer=DjangoTemplates())["region"])
    assert ours == django and 'value="74" selected' in ours and ours.count("<option") > 80


def test_no_template_is_rendered_per_option(monkeypatch):
    asked = []
    original = DjangoTemplates.get_template
    monkeypatch.setattr(DjangoTemplates, "get_template", lambda self, name: asked.append(name) or original(self, name))
    html = Sample({"grouped": "74"}, renderer=FormRenderer())["grouped"].as_widget()
    assert 'value="74" selected' in html and asked == []
    Sample({"grouped": "74"}, renderer=DjangoTemplates())["grouped"].as_widget()
    assert asked == ["django/forms/widgets/select.html"]  # the same widget through Django: its templates
