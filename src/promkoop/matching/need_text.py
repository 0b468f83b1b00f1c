"""What a need's text asks for: the wanted phrase of a long specification, and whether it asks for a service.

A paragraph of specification («Для нефтегазового месторождения в Якутии нужны
краны шаровые стальные … Климатическое исполнение ХЛ1 … Обязательны
декларации …») is mostly context, parameters and paperwork; as one bag of
words its delivery terms and certificates outvote the product. `focus` keeps
the phrase after the first «нужны / требуется / закупаем / ищем производителя»
(or the first sentence when there is none); the engine ranks on that phrase and
gives the rest of the words a small weight, while the requirements (temperature,
climate, standards, prototypes) are still read from the whole text. Short needs
are their own focus.

`asks_for_service` tells work done on the customer's parts or equipment
(machining, heat treatment, coatings, repair, testing, installation,
engineering, software) from goods, so service capabilities can be preferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[А-ЯЁA-Z0-9«\"])|\n+")
_WANT = re.compile(
    r"\b(?:требу(?:ется|ются|ем)|нужн[ыао]|нуж(?:ен|ны)|необходим[ыао]?|закупа(?:ем|ет|ют)|закупим|закупит"
    r"|приобрет(?:ем|ём|ет)|поставк[аиу]|ищ(?:ем|ет|ут)|рассмотрим|интересу(?:ет|ют))\b"
    r"(?:\s+(?:производител[ья]|поставщик[аи]?|изготовител[ья]|подрядчик[аи]?|исполнител[ья]|партнер[аы]?"
    r"|партнёр[аы]?)\b)?(?:\s+(?:для|на)\s+(?=\S+\s))?",
    re.IGNORECASE)
_WORD = re.compile(r"\w+")
_SERVICE = re.compile(
    r"\b(?:обработк\w*|мех\.?\s*обработк\w*|термообработк\w*|закалк\w*|цементаци\w*|азотировани\w*|отпуск"
    r"|цинковани\w*|гальваник\w*|покрыти[яей]\s+нанесени\w*|нанесени\w*|окраск\w*|резк\w*|гибк\w*|сварк\w*"
    r"|наплавк\w*|ремонт\w*|перемотк\w*|восстановлени\w*|модернизаци\w*|обслуживани\w*|\bто\b|монтаж\w*"
    r"|пусконаладк\w*|наладк\w*|испытани\w*|контрол[ья]\b|неразрушающ\w*|сертификаци\w*|поверк\w*"
    r"|проектировани\w*|разработк\w*\s+(?:кд|конструкторск\w*|документаци\w*|по)|реверс\w*|внедрени\w*"
    r"|интеграци\w*|автоматизаци\w*|лить[её]\b|отлить|контрактн\w*\s+производств\w*)",
    re.IGNORECASE)
_GOODS_FIRST = re.compile(r"^\s*(?:опытн\w+\s+(?:образ\w+|парти\w+)\s+)?(?:\w+\s+){0,1}(?:для|из)\b", re.IGNORECASE)


# «опытный образец червячного редуктора», «прототип ультразвукового расходомера», «опытная партия из 50
# комплектов систем выпуска»: the words after the prototype noun name the product, up to a preposition or a stop.
_PROTOTYPE_OBJECT = re.compile(
    r"(?:опытн\w*\s+(?:образ\w*|парти\w*|издели\w*)|прототип\w*|пилотн\w*\s+парти\w*)"
    r"(?:\s+из\s+\d+)?\s+((?:(?!(?:по|для|с|со|на|от|до|в|во|под|из|и|или|объ[её]м\w*|длин\w*|ширин\w*"
    r"|масс\w*|мощност\w*)\b)[^\W\d_][\w-]*\s*){1,4})",
    re.IGNORECASE)


def prototype_object(text: str) -> str:
    """What a prototype need asks to be made: the words after «опытный образец / опытная партия / прототип».

    >>> prototype_object("Изготовить опытный образец червячного редуктора по нашим чертежам")
    'червячного редуктора'
    >>> prototype_object("Опытная партия из 50 комплектов систем выпуска отработавших газов (глушитель)")
    'комплектов систем выпуска отработавших'
    >>> prototype_object("Серийные поставки подшипников")
    ''
    """
    m = _PROTOTYPE_OBJECT.search(text)
    return " ".join(m.group(1).split()) if m else ""


@dataclass(frozen=True, slots=True)
class NeedText:
    """A need's text split into what is wanted (`focus`) and the rest (`rest`: context, terms, paperwork)."""

    focus: str
    rest: str
    service: bool


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def focus(text: str, *, long_words: int = 40, max_words: int = 20) -> NeedText:
    """The wanted phrase of a long need and the rest of its text; a short need is all focus.

    >>> focus("РВД 2SN ду12 ХЛ").focus
    'РВД 2SN ду12 ХЛ'
    >>> t = focus("Для нефтегазового месторождения в Якутии нужны краны шаровые стальные с ручным приводом, "
    ...           "условный проход от 50 до 300 мм, давление 16–40 кгс/см². Среда — нефть, газ, пластовая вода. "
    ...           "Климатическое исполнение ХЛ1 по ГОСТ 15150. Обязательны декларации, паспорт и документация.")
    >>> t.focus
    'краны шаровые стальные с ручным приводом, условный проход от 50 до 300 мм, давление 16–40 кгс/см²'
    >>> t.service
    False
    """
    text = " ".join(text.split())
    if _words(text) < long_words:
        return NeedText(text, "", asks_for_service(text))
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    head = ""
    for sentence in sentences[:3]:
        m = _WANT.search(sentence)
        if m and _words(sentence[m.end():]) >= 2:
            head = sentence[m.end():]
            break
    if not head:
        head = sentences[0]
    head = head.strip(" .;:,—-")
    words = list(_WORD.finditer(head))
    if len(words) > max_words:
        head = head[:words[max_words - 1].end()]
    rest = text.replace(head, " ", 1) if head in text else text
    return NeedText(head, " ".join(rest.split()), asks_for_service(head))


def asks_for_service(text: str) -> bool:
    """Whether the wanted phrase names work on the customer's parts or equipment rather than goods.

    >>> asks_for_service("Термообработка шестерён: цементация, закалка ТВЧ"), asks_for_service("подшипники 6205")
    (True, False)
    >>> asks_for_service("Опытный образец гидроцилиндра по ТЗ"), asks_for_service("техника для обслуживания самолётов")
    (False, False)
    """
    head = " ".join(_WORD.findall(text)[:3])
    return bool(_SERVICE.search(head)) and not _GOODS_FIRST.match(head)
