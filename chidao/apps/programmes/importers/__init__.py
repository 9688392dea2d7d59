"""Importers of the steering tasks, discovered by the exchange app at start-up (``<app>.importers``).

`annex`: the annex of a plan (Phụ lục nhiệm vụ) — STT, content, lead and coordinating units, deadline, product.
"""

from chidao.apps.programmes.importers.annex import TaskAnnexImporter

__all__ = ["TaskAnnexImporter"]
