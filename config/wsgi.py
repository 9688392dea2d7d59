"""WSGI entry point (gunicorn in production, behind a reverse proxy)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()

if not settings.CHIDAO_DEMO_ACCOUNTS:
    # Refuse to serve when demo accounts (published passwords) are in a production database.
    from chidao.apps.accounts.checks import refuse_demo_accounts_in_production

    refuse_demo_accounts_in_production()
