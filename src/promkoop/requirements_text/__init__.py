"""Requirements written in free text, read once for the whole project.

"до −60 °C", "от минус 40 до плюс 45 градусов", "исполнение ХЛ1", "для Крайнего
Севера", «морозостойкие», "опытная партия по ТЗ", "ГОСТ 15150-69", "из стали
12Х18Н10Т": `find_phrases` gives the phrases with their character spans and
kinds, `read` / `summarise` the typed requirements (temperatures, ГОСТ 15150
climate version, standards, materials, prototypes) by one set of rules. The
words are one data file, `phrases.json`.

Used by the news engine (`nlp.needs`: phrases to show and to end a need's
subject, typed requirements of a need), the matching engine
(`engine.query_requirements`, `requirements.standard_key`) and registry search
(filters, and the phrase spans removed from the words searched).

It lives beside the engines rather than in one of them because both use it and
must stay cheap to import: `promkoop.nlp` loads natasha and `promkoop.matching`
numpy, while this package is regular expressions and the standard library only
(no Django either), so matching and search do not pay for the news models.
"""
from .reader import (ASSUMED, CLIMATE, COLD, FROM_TEXT, KINDS, MATERIAL, PROTOTYPE, REQUIREMENT_KEYS, STANDARD,
                     TEMPERATURE, Evidence, Phrase, TextRequirements, asks_for_prototypes, climate_version, evidence,
                     find_phrases, is_climate_code, read, standard_key, summarise, temperature_bounds, temperatures)

__all__ = ["ASSUMED", "CLIMATE", "COLD", "FROM_TEXT", "KINDS", "MATERIAL", "PROTOTYPE", "REQUIREMENT_KEYS",
           "STANDARD", "TEMPERATURE", "Evidence", "Phrase", "TextRequirements", "asks_for_prototypes",
           "climate_version", "evidence", "find_phrases", "is_climate_code", "read", "standard_key", "summarise",
           "temperature_bounds", "temperatures"]
