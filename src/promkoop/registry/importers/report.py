"""What an import tells its caller: row errors and the counts of changes.

`RowError` is one refusal (row, column, code, message); `ImportReport` collects
them with the counts of organizations and capabilities created, updated and
unchanged. Readers, the column parsers and the import service fill a report;
the CLI, the page and the API only show it.
"""
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _


class ImportErrorCode(StrEnum):
    """Codes of import refusals that are not registry field errors (those use `RegistryError`)."""

    FILE_TOO_LARGE = "file_too_large"
    FILE_EMPTY = "file_empty"
    FILE_UNREADABLE = "file_unreadable"
    FILE_FORMAT = "file_format"
    XLSX_CORRUPT = "xlsx_corrupt"
    NO_HEADER = "no_header"
    UNKNOWN_COLUMNS = "unknown_columns"
    MISSING_COLUMNS = "missing_columns"
    NO_ROWS = "no_rows"
    CONFLICT = "conflict"
    AMBIGUOUS = "ambiguous_match"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True, slots=True)
class RowError:
    """One refusal. `row` is the row number as a spreadsheet shows it (the header is row 1);
    None for an error about the whole file. `column` is the header as written in the file."""

    row: int | None
    column: str
    code: str
    message: str

    def __str__(self) -> str:
        """The line the CLI prints.

        >>> str(RowError(17, "ИНН", "invalid_inn", "неверная контрольная сумма (7707083890)"))
        'строка 17, «ИНН»: неверная контрольная сумма (7707083890)'
        >>> str(RowError(None, "", "file_empty", "файл пуст"))
        'файл: файл пуст'
        """
        where = _("строка %(row)s") % {"row": self.row} if self.row is not None else _("файл")
        if self.column:
            where += f", «{self.column}»"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    filename: str = ""
    format: str = ""
    dry_run: bool = False
    rows: int = 0
    organizations_created: int = 0
    organizations_updated: int = 0
    organizations_unchanged: int = 0
    capabilities_created: int = 0
    capabilities_updated: int = 0
    capabilities_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_error(self) -> bool:
        """True when the file itself was refused (too large, unreadable, no header …)."""
        return any(e.row is None for e in self.errors)

    @property
    def too_large(self) -> bool:
        return any(e.code == ImportErrorCode.FILE_TOO_LARGE for e in self.errors)

    def add(self, row: int | None, column: str, code: str, message: str) -> None:
        self.errors.append(RowError(row, column, str(code), str(message)))

    def clear_counts(self) -> None:
        """A refused file changes nothing, so it reports no changes either."""
        for name in ("organizations", "capabilities"):
            for what in ("created", "updated", "unchanged"):
                setattr(self, f"{name}_{what}", 0)

    def summary(self) -> str:
        """One line of counts, as the CLI and the page show it."""
        text = _("организации: создано %(oc)d, обновлено %(ou)d, без изменений %(on)d; "
                 "продукция и услуги: создано %(cc)d, обновлено %(cu)d, без изменений %(cn)d") % {
            "oc": self.organizations_created, "ou": self.organizations_updated,
            "on": self.organizations_unchanged, "cc": self.capabilities_created,
            "cu": self.capabilities_updated, "cn": self.capabilities_unchanged}
        if self.dry_run:
            text = _("проверка без записи — %(text)s") % {"text": text}
        return text

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        """The report `as_dict` gave (a background import's result)."""
        names = {f for f in cls.__dataclass_fields__ if f != "errors"}
        report = cls(**{k: v for k, v in data.items() if k in names})
        report.errors = [RowError(**e) for e in data.get("errors", [])]
        return report

    def as_dict(self) -> dict:
        data = asdict(self)
        data["errors"] = [asdict(e) for e in self.errors]
        data["ok"] = self.ok
        return data
