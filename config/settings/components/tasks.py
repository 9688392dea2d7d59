"""Background tasks: django-tasks with the database backend (ADR docs/decisions/0002-background-jobs.md)."""

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
