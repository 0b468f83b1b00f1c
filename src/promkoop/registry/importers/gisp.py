"""The ГИСП open-data register of industrial products made in Russia
(ПП РФ № 719): one row per product record of a manufacturer.

Columns used: Nameoforg (name; the legal form and quotes are split off),
INN, OGRN, Orgaddr (address; the region is read from it, else from the first
two digits of the ИНН), Productname (capability name), OKPD2 (the code, or its
nearest ancestor in our ОКПД2 when the exact code is unknown) and
Nameofregulations (standards). The other columns (Regnumber, Docdate, TNVED,
Score …) are accepted and not stored. Organizations are enterprises with
source=import and source_ref = the file name.
"""
from django.utils.translation import gettext as _

from ..errors import RegistryError
from ..models import Capability, Organization
from .cells import CellError, blank, clean_inn, clean_ogrn, clean_text, name_key, parse_list, split_legal_form
from .lookup import ReferenceLookup, normalize_code
from .records import CapRecord, RowRecord
from .report import ImportErrorCode, ImportReport

COLUMNS = ("Nameoforg", "OGRN", "INN", "Orgaddr", "Productmanufaddress", "Regnumber", "Ektrudp", "Docdate",
           "Docvalidtill", "Enddate", "Registernumber", "Productname", "OKPD2", "TNVED", "Nameofregulations",
           "Score", "Percentage", "Scoredesc", "Iselectronicproduct", "Isai", "ElectronicProductLevel", "Docname",
           "Docdatebasis", "Docnum", "Docvalidtilltpp", "Mptdep", "Resdocnum")
REQUIRED = ("Nameoforg", "INN", "Productname")
_ORG_COLUMN = {"name": "Nameoforg", "legal_form": "Nameoforg", "inn": "INN", "ogrn": "OGRN", "address": "Orgaddr",
               "region": "Orgaddr", "city": "Orgaddr"}
_CAP_COLUMN = {"name": "Productname", "okpd2": "OKPD2", "standards": "Nameofregulations"}


def looks_like_gisp(header: list[str]) -> bool:
    """The header of the ГИСП products file (names compared without case).

    >>> looks_like_gisp(["Nameoforg", "OGRN", "INN", "Productname", "OKPD2"]), looks_like_gisp(["ИНН", "name"])
    (True, False)
    """
    names = {h.strip().lower() for h in header}
    return {c.lower() for c in REQUIRED} <= names


class GispLayout:
    name = "gisp"
    strict = False

    def __init__(self, header: list[str], lookup: ReferenceLookup, *, filename: str):
        self.lookup = lookup
        self.filename = filename
        self.index = {}
        for pos, text in enumerate(header):
            canonical = next((c for c in COLUMNS if c.lower() == text.strip().lower()), None)
            if canonical and canonical not in self.index:
                self.index[canonical] = pos

    def check_header(self, report: ImportReport) -> bool:
        missing = [c for c in REQUIRED if c not in self.index]
        if missing:
            report.add(None, "", ImportErrorCode.MISSING_COLUMNS,
                       _("это не файл ГИСП ПП-719: нет столбцов %(cols)s") % {"cols": ", ".join(missing)})
        return report.ok

    def org_column(self, field_name: str) -> str:
        return _ORG_COLUMN.get(field_name.removesuffix("_id"), "Nameoforg")

    def cap_column(self, field_name: str) -> str:
        return _CAP_COLUMN.get(field_name.removesuffix("_id"), "Productname")

    def parse_row(self, row: int, cells: list[str], report: ImportReport) -> RowRecord | None:
        def cell(column: str) -> str:
            pos = self.index.get(column)
            return cells[pos] if pos is not None and pos < len(cells) else ""

        errors_before = len(report.errors)
        org: dict = {}
        try:
            org["inn"] = clean_inn(cell("INN"))
            if not org["inn"]:
                raise CellError(RegistryError.REQUIRED, _("не указан ИНН"))
        except CellError as exc:
            report.add(row, "INN", exc.code, exc.message)
        try:
            if ogrn := clean_ogrn(cell("OGRN")):
                org["ogrn"] = ogrn
        except CellError as exc:
            report.add(row, "OGRN", exc.code, exc.message)
        legal_form, name = split_legal_form(clean_text(cell("Nameoforg")))
        if not name:
            report.add(row, "Nameoforg", RegistryError.REQUIRED, _("не указано наименование организации"))
        org.update(name=name, legal_form=legal_form)
        address = clean_text(cell("Orgaddr"))
        if address:
            org["address"] = address
        region = self.lookup.region_from_address(address) if address else None
        if region is None and org.get("inn") and org["inn"][:2] in self.lookup.regions:
            region = org["inn"][:2]
        if region is None:
            report.add(row, "Orgaddr", RegistryError.UNKNOWN_REGION,
                       _("не удалось определить регион ни по адресу «%(address)s», ни по ИНН") % {
                           "address": address})
        else:
            org["region_id"] = region
            if address and (city := self.lookup.city_from_address(address, region)):
                org["city_id"] = city

        product = clean_text(cell("Productname"))
        if not product:
            report.add(row, "Productname", RegistryError.REQUIRED, _("не указано наименование продукции"))
        okpd2 = None
        raw_okpd2 = cell("OKPD2")
        if not blank(raw_okpd2):
            first = normalize_code(raw_okpd2.replace(",", ";").split(";")[0])
            okpd2 = self.lookup.okpd2_nearest(first)
            if okpd2 is None:
                report.add(row, "OKPD2", RegistryError.UNKNOWN_OKPD2,
                           _("нет такого кода ОКПД2 и его вышестоящих кодов: %(value)s") % {"value": raw_okpd2})
        if len(report.errors) > errors_before:
            return None
        cap = {"kind": Capability.Kind.PRODUCT, "name": product, "okpd2_id": okpd2}
        if standards := parse_list(cell("Nameofregulations")):
            cap["standards"] = standards
        return RowRecord(
            row=row, inn=org["inn"], name_key=name_key(name), values=org,
            create_values={"kind": Organization.Kind.ENTERPRISE, "source": "import",
                           "source_ref": self.filename[:300]},
            capability=CapRecord(row=row, name=product, okpd2=okpd2, values=cap, create_values={"source": "import"}))
