"""Notification texts by id, worded in the reader's language when read.

A notification is made in one request (often by another person, or a background job, in
whatever language was active there) and read later by its recipient in theirs. So a
`Notification` keeps a message id and its parameters (`Notice`), and the page and the API word
it under the reader's active language (`Notification.text`). Parameters that are words
themselves — a response status, «потребность»/«предложение», a deal stage — are kept as codes
and worded when read too. `Notification.message` keeps the text in the site's language: the
admin lists it, and it is what rows made before message ids existed show.

Other apps (deal reminders) `register` their texts here when they are imported.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .models import ResponseStatus

Words = Mapping[str, Callable[[str], object]]


@dataclass(frozen=True, slots=True)
class _Text:
    text: Promise  # lazy: translated when it is turned into str
    words: Words


_POSTING_WORDS = {"need": _("Потребность"), "offer": _("Предложение")}

TEXTS: dict[str, _Text] = {
    "response_status": _Text(_("Отклик «%(org)s» на потребность «%(title)s»: %(status)s"),
                             {"status": lambda v: ResponseStatus(v).label}),
    "response_message": _Text(_("Новое сообщение по отклику «%(org)s» на потребность «%(title)s»"), {}),
    "invite": _Text(_("«%(org)s» предлагают откликнуться на потребность «%(title)s» (%(owner)s)"), {}),
    "search_match": _Text(_("%(what)s «%(title)s» (%(org)s) подходит под поиск «%(search)s»"),
                          {"what": _POSTING_WORDS.__getitem__}),
    "response": _Text(_("Отклик от «%(org)s» на потребность «%(title)s»"), {}),
    "region_response": _Text(_("Отклик от «%(org)s» на потребность «%(title)s» (%(owner)s)"), {}),
    "region_match": _Text(_("Потребность «%(title)s» (%(org)s, %(region)s) подходит предприятиям вашего региона: "
                            "%(names)s"), {}),
}


def register(message_id: str, text: Promise, words: Words | None = None) -> None:
    """Add another app's notification text (a lazy gettext string with %(name)s parameters)."""
    TEXTS[message_id] = _Text(text, dict(words or {}))


@dataclass(frozen=True, slots=True)
class Notice:
    """What a notification says: a message id of `TEXTS` and its parameters (JSON values)."""

    id: str
    params: dict = field(default_factory=dict)

    def render(self) -> str:
        """The text in the active language. KeyError, ValueError or TypeError when the id or a
        parameter is unknown (a text removed or changed since the row was written)."""
        entry = TEXTS[self.id]
        params = {k: str(entry.words[k](v)) if k in entry.words else v for k, v in self.params.items()}
        return str(entry.text) % params

    def stored(self) -> str:
        """The text in the site's language, for `Notification.message`."""
        with override(settings.LANGUAGE_CODE):
            return self.render()[:500]


def text_of(message_id: str, params: dict, fallback: str) -> str:
    """A notification's text in the active language; its stored text when it has no id or its id or
    parameters no longer render."""
    if not message_id:
        return fallback
    try:
        return Notice(message_id, params or {}).render()
    except (KeyError, ValueError, TypeError):
        return fallback
