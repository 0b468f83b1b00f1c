"""Registry import: organizations and their capabilities from CSV/XLSX files
in our template and from the ГИСП ПП-719 open-data products file.

Modules, in the order a file passes through them:
readers (bytes → header and rows) → columns / gisp (a row → values or row
errors) → records (rows grouped by organization) → service (write all or
nothing through registry.services) → report (what the caller shows).
template builds the downloadable template. Callers: `promkoop import`, the
import page (registry/import_views.py) and the API (registry/import_api.py).
"""
from .report import ImportErrorCode, ImportReport, RowError
from .service import FORMATS, import_organizations, max_upload_bytes, too_large_message

__all__ = ["FORMATS", "ImportErrorCode", "ImportReport", "RowError", "import_organizations", "max_upload_bytes",
           "too_large_message"]
