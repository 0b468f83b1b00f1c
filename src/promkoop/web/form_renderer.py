"""The form renderer: Django's, except that a select list is written in Python.

Django renders every `<option>` through two templates (the option and its attributes): a region or
ОКПД2 list of ~90 options costs ~100 template renders, a third of a list page's time. The markup
here is the same as those templates give, byte for byte (tests/web/test_form_renderer.py compares
them); a widget with options of its own template goes through Django's templates as before.
"""
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """`{{ value }}` in a template: local time and number format, escaped."""
    return conditional_escape(localize(template_localtime(value)))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(f" {_text(name)}" if value is True else f' {_text(name)}="{conditional_escape("%s" % (value,))}"'
                   for name, value in attrs.items() if value is not False)


def _option(option: dict) -> str:
    return (f'<option value="{conditional_escape("%s" % (option["value"],))}"{_attrs(option["attrs"])}>'
            f'{_text(option["label"])}</option>\n')


def render_select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts).strip()


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(o.get("template_name") == OPTION
                                      for _g, options, _i in widget["optgroups"] for o in options):
            return render_select(widget)
        return super().render(template_name, context, request=request)
