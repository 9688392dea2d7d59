"""Abstract base models shared by the apps."""

from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    """Creation and last-modification timestamps (UTC in the database, shown in Asia/Ho_Chi_Minh)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DatedModel(models.Model):
    """A fact that holds over a closed-open date range [valid_from, valid_to); valid_to empty = still valid."""

    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True
