"""Development: the embedded default (SQLite + DuckDB files under var/), demo accounts allowed."""

from config.settings.base import *  # noqa: F403

DEBUG = True
CHIDAO_DEMO_ACCOUNTS = True
