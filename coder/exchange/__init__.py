"""Exchange with other QDA tools (REFI-QDA .qdpx/.qde/.qdc) and intercoder agreement.

Headless: nothing here imports Textual; lxml/pandas are never needed at import time.
"""

from coder.exchange.agreement import AgreementReport, agreement
from coder.exchange.refi import (
    RefiImportReport,
    export_qdc,
    export_qdpx,
    import_qdc,
    import_refi,
)

__all__ = [
    "AgreementReport",
    "RefiImportReport",
    "agreement",
    "export_qdc",
    "export_qdpx",
    "import_qdc",
    "import_refi",
]
