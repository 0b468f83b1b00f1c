"""The one normalizer of text typed or sent by people, for every door (pages, API, import, news, demo).

Services call `clean_text` through `registry.changes.apply_changes` (and `clean_values` where they set
fields themselves), so a name refused on a page is refused in the API and the import alike:
- NUL and the other C0/C1 control characters (but tab and line breaks) are refused: they break
  exports, terminals and PostgreSQL (which refuses NUL outright);
- bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) are refused:
  they make a name display as something it is not ("Trojan Source");
- the rest is put in Unicode NFC, so that "й" typed as и + combining breve equals "й".
The refusal is a ValidationError on the field naming the character.
"""
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FORBIDDEN_CODE = "forbidden_characters"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def forbidden_character(text: str) -> str | None:
    """The first character `text` may not hold, or None.

    >>> forbidden_character("ООО «Ромашка»"), forbidden_character("ООО\\u202eакшамоР")
    (None, '\\u202e')
    """
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def strip_forbidden(text: str) -> str:
    """`text` without the forbidden characters, in NFC: for metadata read from a news page (its title,
    author), where refusing the whole article for a stray control character would help no one.

    >>> strip_forbidden("Итоги\u202e визита\x07")
    'Итоги визита'
    """
    return unicodedata.normalize("NFC", _FORBIDDEN.sub("", text))


def clean_text(field: str, value: Any) -> Any:
    """`value` in NFC when it is text (or a list of texts); ValidationError on `field` when it holds a
    forbidden character. Other values pass unchanged."""
    if isinstance(value, str):
        bad = forbidden_character(value)
        if bad is not None:
            raise ValidationError({field: ValidationError(
                _("Недопустимый символ %(char)s в тексте: уберите его"), code=FORBIDDEN_CODE,
                params={"char": f"U+{ord(bad):04X}"})})
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [clean_text(field, item) for item in value]
    return value


def clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every value through `clean_text`; all refusals at once, keyed by field."""
    cleaned, errors = {}, {}
    for field, value in values.items():
        try:
            cleaned[field] = clean_text(field, value)
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned
