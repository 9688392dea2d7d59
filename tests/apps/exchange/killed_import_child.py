"""Child process of test_killed_import: one phase of an import against a file-based SQLite database.

Run as `python -m tests.apps.exchange.killed_import_child <phase> <work dir>`; prints one JSON line.
Phases: "prepare" (migrate, an account to update, upload and commit a batch without running it),
"apply-and-die" (run the job; the importer kills its own process with SIGKILL after writing, before the
commit), "inspect-and-retry" (what is left, then reap the dead job and commit the batch again).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path


def _setup(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    from django.conf import settings

    # This process's own database file and media folder, shared by the three phases.
    settings.DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(workdir / "db.sqlite3")}
    }
    settings.MEDIA_ROOT = workdir / "media"
    import django

    django.setup()


def _register(*, killing: bool) -> None:
    from chidao.apps.exchange.importers.accounts import AccountsImporter
    from chidao.apps.exchange.registry import replace_importer

    class KilledImporter(AccountsImporter):
        code = "test_accounts_killed"

        def apply(self, rows, *, actor, progress):
            result = super().apply(rows, actor=actor, progress=progress)
            if killing:
                # Everything is written inside the open transaction; the process dies before it commits.
                os.kill(os.getpid(), signal.SIGKILL)
            return result

    replace_importer(KilledImporter())


def _state() -> dict[str, object]:
    from chidao.apps.accounts.models import User
    from chidao.apps.exchange.models import ImportBatch
    from chidao.apps.exchange.selectors import batch_effective_state

    batch = ImportBatch.objects.select_related("job").get()
    return {
        "batch_state": batch.state,
        "effective_state": batch_effective_state(batch),
        "job_state": batch.job.state if batch.job else None,
        "attempts": batch.attempts,
        "names": dict(User.objects.filter(username__startswith="xa").values_list("username", "full_name")),
    }


def prepare() -> dict[str, object]:
    from django.core.management import call_command

    from chidao.apps.exchange import services
    from chidao.apps.exchange.registry import importer_by_code
    from tests.apps.exchange.helpers import accounts_file
    from tests.factories.accounts import user_with_role
    from tests.factories.organisation import CommuneUnitFactory, ProvinceUnitFactory

    call_command("migrate", verbosity=0)
    province = ProvinceUnitFactory(code="52")
    first = CommuneUnitFactory(parent=province, code="X001", name="Xã Thử Nghiệm Số 1")
    CommuneUnitFactory(parent=province, code="X002", name="Xã Thử Nghiệm Số 2")
    admin = user_with_role("administrator", province, username="admin")
    user_with_role("unit_officer", first, username="xa001.canbo", full_name="Tên Cũ")
    _register(killing=False)
    rows = [
        ("Tên Mới", "xa001.canbo", "", "", "X001", "Cán bộ đơn vị"),
        ("Người Mới", "xa002.canbo", "", "", "X002", "Cán bộ đơn vị"),
    ]
    batch = services.import_batch_upload(
        actor=admin, importer=importer_by_code("test_accounts_killed"), upload=accounts_file(rows)
    )
    outcome = services.import_batch_commit(actor=admin, batch=batch, enqueue=False)
    return {"job": outcome.batch.job_id, "counts": outcome.batch.counts_summary, **_state()}


def apply_and_die(job_id: int) -> dict[str, object]:
    from chidao.apps.jobs.runner import job_run

    _register(killing=True)
    job_run(job_id)
    return {"survived": True}


def inspect_and_retry() -> dict[str, object]:
    import datetime as dt

    from django.utils import timezone

    from chidao.apps.exchange import services
    from chidao.apps.exchange.models import ImportBatch
    from chidao.apps.jobs.runner import job_run
    from chidao.apps.jobs.services import jobs_reap_stale

    _register(killing=False)
    left = _state()
    # The killed worker sends no more heartbeats: the jobs reaper marks its job failed.
    jobs_reap_stale(now=timezone.now() + dt.timedelta(hours=1), stale_after=dt.timedelta(minutes=5))
    reaped = _state()
    services.import_batches_reconcile()
    batch = ImportBatch.objects.get()
    outcome = services.import_batch_commit(actor=batch.created_by, batch=batch, enqueue=False)
    job_run(outcome.batch.job_id)
    return {"left": left, "reaped": reaped, "after_retry": _state()}


def main() -> None:
    phase, workdir = sys.argv[1], Path(sys.argv[2])
    _setup(workdir)
    if phase == "prepare":
        result = prepare()
    elif phase == "apply-and-die":
        result = apply_and_die(int(sys.argv[3]))
    else:
        result = inspect_and_retry()
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
