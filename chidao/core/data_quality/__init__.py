"""Data quality of the registers by "đúng, đủ, sạch, sống": declarations, validators, SQL builders, scoring.

Overview and one page per check: docs/domain/data-quality/. The pure core only builds SQL (``queries.py``);
chidao.engines.duckdb runs it; the Django app (later) stores runs and findings.
"""
