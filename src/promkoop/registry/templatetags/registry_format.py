"""Template filters for registry pages: temperatures with a real minus sign,
temperature ranges, classifier names out of capitals."""
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def signed(value) -> str:
    """A temperature with its sign: −60, +120, 0.

    >>> signed(-60), signed(120), signed(0), signed(None)
    ('−60', '+120', '0', '')
    """
    if value is None or value == "":
        return ""
    value = int(value)
    if value < 0:
        return f"−{-value}"
    return f"+{value}" if value > 0 else "0"


@register.filter
def temp_range(cap) -> str:
    """The operating temperature range of a capability, or '' when none is known."""
    low, high = signed(cap.temp_min_c), signed(cap.temp_max_c)
    if low and high:
        return _("от %(low)s до %(high)s °C") % {"low": low, "high": high}
    if low:
        return _("от %(low)s °C") % {"low": low}
    if high:
        return _("до %(high)s °C") % {"high": high}
    return ""


@register.filter
def sentence_case(text: str) -> str:
    """Classifier sections are written in capitals; show them as a sentence.

    >>> sentence_case("ОБРАБАТЫВАЮЩИЕ ПРОИЗВОДСТВА"), sentence_case("Резина")
    ('Обрабатывающие производства', 'Резина')
    """
    text = text or ""
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


@register.filter
def quantity(value) -> str:
    """A decimal without trailing zeros, digits grouped, in the page's number format:
    120,5 · 2 500 000 in Russian; 120.5 · 2,500,000 in English."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, force_grouping=True)
