"""The Decision-766 citizen & business service index, recomputed from dossier records (issue 6).

Pure: schemas of the datasets (``schema``), per-dossier timeliness (``timeliness``), the catalogue of
sub-indicators with their rules and SQL (``catalogue``, ``rules``, ``relations``, ``queries``), the
versioned configuration (``config``), scoring (``scoring``) and the gap to the next band (``gap``).
Overview: docs/domain/service-index/README.md.
"""
