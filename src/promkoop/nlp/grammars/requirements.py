"""Requirement grammar: temperature bounds and ГОСТ 15150 climate versions (yargy), plus
standards, materials and cold-climate phrases (regular expressions).

    TEMP_RANGE       "от −60 до +50 °C", "до −55 °C", "при −45 °С",
                     "от минус 40 до плюс 45 градусов"
    CLIMATE_VERSION  "исполнение ХЛ1", "в климатическом исполнении УХЛ 1", "УХЛ1", "ХЛ"

Used by `requirements`, which turns matches into `TypedRequirements`.
"""
from __future__ import annotations

import re

from yargy import Parser, or_, rule
from yargy.interpretation import fact
from yargy.predicates import caseless, eq, gram, in_, normalized, type as token_type
from yargy.tokenizer import MorphTokenizer

Temp = fact("Temp", ["low_sign", "low", "high_sign", "high", "single_sign", "single"])
Climate = fact("Climate", ["version", "category"])

MINUS = or_(in_({"−", "-", "–", "—"}), normalized("минус"))
PLUS = or_(eq("+"), normalized("плюс"))
SIGN = or_(MINUS, PLUS)
NUMBER = token_type("INT")
DEGREE = or_(
    rule(eq("°"), or_(caseless("c"), caseless("с"))),
    rule(eq("℃")),
    rule(normalized("градус"), normalized("цельсий").optional()),
    rule(eq("°")),
)

TEMP_FULL = rule(
    normalized("от"), SIGN.optional().interpretation(Temp.low_sign),
    NUMBER.interpretation(Temp.low), DEGREE.optional(),
    normalized("до"), SIGN.optional().interpretation(Temp.high_sign),
    NUMBER.interpretation(Temp.high), DEGREE,
)
TEMP_UP_TO = rule(
    normalized("до"), SIGN.optional().interpretation(Temp.single_sign),
    NUMBER.interpretation(Temp.single), DEGREE,
)
TEMP_SINGLE = rule(
    SIGN.interpretation(Temp.single_sign), NUMBER.interpretation(Temp.single), DEGREE,
)
TEMP_RANGE = or_(TEMP_FULL, TEMP_UP_TO, TEMP_SINGLE).interpretation(Temp)

VERSION = in_({"ХЛ", "УХЛ", "У", "Т", "ТВ", "ТС", "ТМ", "О", "ОМ", "М", "В"})
STRONG_VERSION = in_({"ХЛ", "УХЛ", "ТВ", "ТС", "ТМ", "ОМ"})
CATEGORY = in_({"1", "2", "3", "4", "5"})
EXECUTION = rule(
    normalized("в").optional(),
    gram("ADJF").optional(),  # климатическом, северном, морском, холодостойком …
    normalized("исполнение"),
)
CLIMATE_VERSION = or_(
    rule(EXECUTION, VERSION.interpretation(Climate.version),
         CATEGORY.optional().interpretation(Climate.category)),
    rule(STRONG_VERSION.interpretation(Climate.version),
         CATEGORY.optional().interpretation(Climate.category)),
).interpretation(Climate)

_TOKENIZER = MorphTokenizer()
TEMP_PARSER = Parser(TEMP_RANGE, tokenizer=_TOKENIZER)
CLIMATE_PARSER = Parser(CLIMATE_VERSION, tokenizer=_TOKENIZER)

STANDARD = re.compile(r"\b(?:ГОСТ(?:\s+Р)?(?:\s+(?:ISO|ИСО|МЭК|IEC))?|ОСТ|ТУ|СТО|ISO|IEC|EN)"
                      r"\s+[\d.]+(?:[-–][\d]+)*|\bIP\s?\d{2}\b|\bЕвро-?\d\b")
STEEL_GRADE = re.compile(r"\b\d{2}[ХГНМТСВФКЮДРБАП]\d*(?:[ХГНМТСВФКЮДРБАП]\d*){1,5}\b")
MATERIAL = re.compile(
    r"\b(?:(?:нержавеющ|износостойк|морозостойк|жаропрочн|конструкционн|легированн|"
    r"углеродист|оцинкованн|маслобензостойк|термостойк|теплостойк)\w*\s+)?"
    r"(?:стал(?:ь|и|ью|ей|ями|ях|ям)|резин(?:а|ы|е|у|ой|ами|ах)?|алюмини(?:й|я|ю|ем|и)|"
    r"титан(?:а|у|ом|е)?|чугун(?:а|у|ом|е)?|углепластик(?:а|у|ом|е|и|ов)?|"
    r"стеклопластик(?:а|у|ом|е|и|ов)?|полиуретан(?:а|у|ом|е)?|фторопласт(?:а|у|ом|е)?|"
    r"полиэтилен(?:а|у|ом|е)?|бронз(?:а|ы|е|у|ой)|латун(?:ь|и|ью)|мед(?:ь|и|ью)|"
    r"композит(?:а|у|ом|е|ы|ов|ами|ах)?)\b", re.I)
COLD = re.compile(r"\bарктическ\w*(?:\s+услови\w*)?|\bкрайн\w+\s+север\w*|\bвечн\w+\s+мерзлот\w*|"
                  r"\bнизк\w+\s+температур\w*|\bэкстремальн\w+\s+мороз\w*|\bморозостойк\w*|"
                  r"\bсеверн\w+\s+исполнени\w*|\bхолодн\w+\s+климат\w*", re.I)
ARCTIC = re.compile(r"арктическ|крайн\w+\s+север|вечн\w+\s+мерзлот", re.I)


def signed(sign: str | None, value: str) -> int:
    negative = sign is not None and (sign in "−-–—" or sign.lower().startswith("минус"))
    return -int(value) if negative else int(value)
