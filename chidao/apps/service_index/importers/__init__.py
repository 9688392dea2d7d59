"""Importers of the service-index datasets, discovered by the exchange app at start-up (``<app>.importers``).

`dossiers`: hồ sơ TTHC, the procedure catalogue and feedback (keep good rows; a month in the file replaces
that month of its source system). The validation (`validation`), layouts (`layouts`), unit lookup (`units`),
publishing (`publishing`) and the bulk CSV path (`bulk`) are Django-free. docs/domain/service-index/import.md.
"""

from chidao.apps.service_index.importers.dossiers import DossierImporter, FeedbackImporter, ProcedureImporter

__all__ = ["DossierImporter", "FeedbackImporter", "ProcedureImporter"]
