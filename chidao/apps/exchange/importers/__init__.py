"""Importers shipped with the exchange app (other apps put theirs in their own `importers.py`)."""
