"""The English catalog: every message translated and checked (no fuzzy entries), placeholders
kept, the committed django.mo compiled from the current django.po, every string marked for
translation in the source present in the catalog, and the main pages rendered in English.

The .po is read by the small reader below (no polib); the .mo by Python's own gettext, which is
what Django uses underneath. Updating the catalog is described in the .po header."""
import ast
import gettext
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

import promkoop

PACKAGE_DIR = Path(promkoop.__file__).resolve().parent
CATALOG = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
CYRILLIC = re.compile("[А-Яа-яЁё]")
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdfir]|\{[A-Za-z_][A-Za-z0-9_]*\}")


# ---------- a minimal .po reader ----------

@dataclass
class PoEntry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)  # index 0 for a plain msgstr
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def read_po(path: Path) -> list[PoEntry]:
    """Entries of a .po file, header included (msgid ""), obsolete (#~) entries left out."""
    entries: list[PoEntry] = []
    entry, target, seen_msgstr = PoEntry(), None, False

    def finish() -> None:
        nonlocal entry, target, seen_msgstr
        if seen_msgstr:
            entries.append(entry)
        entry, target, seen_msgstr = PoEntry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#"):
            if seen_msgstr:
                finish()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        match = re.fullmatch(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")', line)
        if match:
            keyword, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword in ("msgctxt", "msgid") and seen_msgstr:
                finish()
            if keyword.startswith("msgstr"):
                seen_msgstr = True
                target = ("msgstrs", int(index or 0))
                entry.msgstrs[target[1]] = text
            else:
                if keyword == "msgid":
                    entry.line = number
                target = (keyword, None)
                setattr(entry, keyword, text)
            continue
        if line.startswith('"') and target is not None:
            text = ast.literal_eval(line)
            if target[0] == "msgstrs":
                entry.msgstrs[target[1]] += text
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + text)
            continue
        raise AssertionError(f"{path}: line {number} is not .po syntax: {raw!r}")
    finish()
    return entries


def messages(path: Path) -> list[PoEntry]:
    return [entry for entry in read_po(path) if entry.msgid]


# ---------- the catalog itself ----------

def test_every_message_is_translated_and_not_fuzzy():
    """Every msgid but the header has an English msgstr, and none waits for a check (fuzzy)."""
    entries = messages(CATALOG)
    assert len(entries) > 300, f"{CATALOG} holds too few messages"
    untranslated = [str(e) for e in entries if not e.msgstrs or not all(e.msgstrs.values())]
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {CATALOG.name}: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) in {CATALOG.name}: {fuzzy}"


def test_translations_keep_the_placeholders():
    """%(name)s and {name} placeholders of the Russian text all appear in the English one."""
    wrong = []
    for entry in messages(CATALOG):
        source = sorted(PLACEHOLDER.findall(entry.msgid))
        plural = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for index, text in entry.msgstrs.items():
            if text and sorted(PLACEHOLDER.findall(text)) not in (source, plural):
                wrong.append(f"{entry}: {text!r}")
    assert not wrong, f"placeholders changed: {wrong}"


def test_english_text_has_no_russian_left():
    """No msgstr is a copy or a half-translation of the Russian text."""
    russian = [f"{e}: {text!r}" for e in messages(CATALOG) for text in e.msgstrs.values()
               if CYRILLIC.search(text) and not _quotes_russian_input(e.msgid, text)]
    assert not russian, f"translations still in Russian: {russian}"


def _quotes_russian_input(msgid: str, text: str) -> bool:
    """Cyrillic is right in an English text only where it quotes what the user types or sees in
    Russian (column names, legal forms, GOST letters, search examples): each such word is taken
    from the Russian source, and outside quotation marks English outweighs it."""
    unquoted = re.sub(r"“[^”]*”|«[^»]*»", "", PLACEHOLDER.sub("", text))
    taken_from_source = all(word in msgid for word in re.findall("[А-Яа-яЁё]+", text))
    return taken_from_source and len(re.findall("[A-Za-z]", unquoted)) > len(CYRILLIC.findall(unquoted))


def test_compiled_mo_matches_the_po():
    """The committed django.mo was compiled from the current django.po (CI does not compile)."""
    catalog = CATALOG
    mo_path = catalog.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: compile it with msgfmt --check -o django.mo django.po"
    with mo_path.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    expected_keys = set()
    for entry in messages(catalog):
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected_keys.add(msgid)
            if compiled._catalog.get(msgid) != entry.msgstrs.get(0):
                stale.append(str(entry))
        else:
            for index, text in entry.msgstrs.items():
                expected_keys.add((msgid, index))
                if compiled._catalog.get((msgid, index)) != text:
                    stale.append(f"{entry} [{index}]")
    extra = {key for key in compiled._catalog if key != "" and key not in expected_keys}
    assert not stale, f"{mo_path.name} is older than {catalog.name}; recompile. Differs at: {stale}"
    assert not extra, f"{mo_path.name} holds messages that {catalog.name} no longer has; recompile: {extra}"


def test_the_project_catalog_is_the_only_one():
    """All apps' strings live in src/promkoop/locale: an app catalog would quietly answer
    the messages the project catalog lacks, with translations nobody checks here."""
    app_catalogs = sorted(str(p.relative_to(PACKAGE_DIR)) for p in PACKAGE_DIR.glob("*/locale"))
    assert app_catalogs == []


# ---------- the source against the catalog ----------

GETTEXT_FUNCTIONS = {  # name -> (position of msgctxt or None, position of msgid)
    "gettext": (None, 0), "gettext_lazy": (None, 0), "gettext_noop": (None, 0), "_": (None, 0),
    "ngettext": (None, 0), "ngettext_lazy": (None, 0),
    "pgettext": (0, 1), "pgettext_lazy": (0, 1), "npgettext": (0, 1), "npgettext_lazy": (0, 1),
}


def _python_messages(path: Path) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every gettext call with literal arguments, following import aliases
    (`gettext_lazy as _lazy`) that makemessages' xgettext would not recognise."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = {name: name for name in GETTEXT_FUNCTIONS}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in GETTEXT_FUNCTIONS:
                    names[alias.asname or alias.name] = alias.name
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if func not in names:
            continue
        ctx_pos, id_pos = GETTEXT_FUNCTIONS[names[func]]
        args = node.args
        if len(args) > id_pos and isinstance(args[id_pos], ast.Constant) and isinstance(args[id_pos].value, str):
            ctx = args[ctx_pos].value if ctx_pos is not None and isinstance(args[ctx_pos], ast.Constant) else None
            if args[id_pos].value:
                found.add((ctx, args[id_pos].value))
    return found


_LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_TEMPLATE_CALL = re.compile(rf"\b(n?p?gettext)\(\s*({_LITERAL})(?:\s*,\s*({_LITERAL}))?")


def _template_messages(path: Path) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of a template, turned into gettext calls by Django's own templatize
    (what makemessages feeds to xgettext); everything else in its output is blanked out."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    for func, first, second in _TEMPLATE_CALL.findall(code):
        if func.startswith("np") or func.startswith("pg"):
            found.add((ast.literal_eval(first), ast.literal_eval(second)))
        else:
            found.add((None, ast.literal_eval(first)))
    return found


def source_messages() -> dict[tuple[str | None, str], str]:
    """Every translatable string under src/promkoop, with the file it comes from."""
    found = {}
    for path in sorted(PACKAGE_DIR.rglob("*")):
        parts = path.relative_to(PACKAGE_DIR).parts
        if "locale" in parts or "tests" in parts or "static" in parts or not path.is_file():
            continue
        if path.suffix == ".py":
            keys = _python_messages(path)
        elif path.suffix in (".html", ".txt") and "templates" in parts:
            keys = _template_messages(path)
        else:
            continue
        for key in keys:
            found.setdefault(key, str(path.relative_to(PACKAGE_DIR)))
    return found


def test_every_string_marked_in_the_source_is_in_the_catalog():
    """No string marked for translation in src/promkoop was added without makemessages."""
    catalog = {entry.key for entry in messages(CATALOG)}
    source = source_messages()
    assert len(source) > 300, "the source scan found too little: is the extractor broken?"
    missing = sorted(f"{where}: {msgid!r}" for (ctx, msgid), where in source.items() if (ctx, msgid) not in catalog)
    assert not missing, ("not in locale/en/LC_MESSAGES/django.po; run makemessages as its header says and "
                         f"translate: {missing}")


def test_django_serves_the_catalog_in_english():
    """Under translation.override("en") Django answers every message with this catalog's text."""
    with translation.override("en"):
        wrong = [str(e) for e in messages(CATALOG)
                 if e.msgid_plural is None and e.msgctxt is None and translation.gettext(e.msgid) != e.msgstrs[0]]
        assert not wrong, f"Django gives another English text (an app catalog wins?): {wrong}"
        assert translation.gettext("Новости") == "News"


# ---------- pages in English ----------

class _TextNodes(HTMLParser):
    """Visible text and the attributes people read (placeholder, title, aria-label)."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label") and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def _russian_labels(html: str, russian_msgids: set[str]) -> list[str]:
    """Text on the page that is one of the catalog's Russian messages, alone or as a label
    ("Статья: …"): data (names, regions, classifier titles) stays Russian and is not matched."""
    parser = _TextNodes()
    parser.feed(html)
    return [text for text in parser.texts
            if text.rstrip(":.").strip() in russian_msgids or text.split(":")[0].strip() in russian_msgids]


@pytest.fixture
def postings(roslavl, rti_maker, settings, tmp_path):
    """A published need and offer, so the cooperation lists have rows."""
    from promkoop.cooperation import services as cooperation

    settings.VAR_DIR = tmp_path / "var"  # whatever index a page builds stays out of the repo
    cooperation.create_need(roslavl, publish=True, title="РТИ для арктических условий", kind="prototype",
                            description="Морозостойкие манжеты до −60 °C, исполнение ХЛ.", okpd2_id="22.19")
    cooperation.create_offer(rti_maker, publish=True, title="Морозостойкие манжеты", kind="serial_supply",
                             description="Серийные поставки манжет ХЛ1.", okpd2_id="22.19")


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, args, english", [
    ("web:home", [], "Industrial cooperation registry"),
    ("registry:organizations", [], "Found 2 organizations"),
    ("registry:capabilities", [], "Capability search"),
    ("registry:classifier", ["okved2"], "OKVED2 — economic activities"),
    ("registry:classifier", ["okpd2"], "OKPD2 — products and services"),
    ("news:articles", [], "No articles yet."),
    ("cooperation:needs", [], "prototype to specification"),
    ("cooperation:offers", [], "serial supply"),
    ("registry:import", [], "Import organizations and products"),
])
def test_main_pages_render_in_english(client, admin_user, postings, url_name, args, english):
    """With the English cookie a page says `english` and shows none of the catalog's Russian labels."""
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    html = response.content.decode()
    assert english in html
    russian_msgids = {e.msgid for e in messages(CATALOG) if CYRILLIC.search(e.msgid)}
    assert not _russian_labels(html, russian_msgids), "Russian UI labels on an English page"


@pytest.mark.django_db
def test_page_check_notices_russian_labels(client, roslavl):
    """The label check above does see an untranslated page: the same page in Russian fails it."""
    russian_msgids = {e.msgid for e in messages(CATALOG) if CYRILLIC.search(e.msgid)}
    labels = _russian_labels(client.get(reverse("registry:organizations")).content.decode(), russian_msgids)
    assert "Организации" in labels and "Регион" in labels
