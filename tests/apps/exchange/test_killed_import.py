"""A killed import leaves the previous data, and its batch and job failed and retryable.

The import runs in child processes against a SQLite file: the importer writes every row inside the batch's
transaction, then its process is killed with SIGKILL before the commit, as a machine crash or an OOM kill
would do.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_phase(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.apps.exchange.killed_import_child", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_killed_import_leaves_the_previous_data_and_can_run_again(tmp_path):
    # Given an account "xa001.canbo" named "Tên Cũ" and a committed batch renaming it and adding "xa002.canbo"
    prepared = run_phase("prepare", str(tmp_path))
    assert prepared.returncode == 0, prepared.stderr
    before = json.loads(prepared.stdout)
    assert before["counts"] == "1 mới / 1 thay đổi / 0 không đổi / 0 lỗi"
    assert (before["batch_state"], before["job_state"]) == ("queued", "queued")

    # When the job runs and its process is killed after writing, before the transaction commits
    killed = run_phase("apply-and-die", str(tmp_path), str(before["job"]))
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    # Then the previous data is intact and, once the dead job is reaped, the batch is failed and retryable
    inspected = run_phase("inspect-and-retry", str(tmp_path))
    assert inspected.returncode == 0, inspected.stderr
    result = json.loads(inspected.stdout)
    assert result["left"]["names"] == {"xa001.canbo": "Tên Cũ"}
    assert (result["left"]["batch_state"], result["left"]["job_state"]) == ("applying", "running")
    assert (result["reaped"]["effective_state"], result["reaped"]["job_state"]) == ("failed", "failed")
    # And committing it again applies exactly the previewed file
    after = result["after_retry"]
    assert (after["batch_state"], after["job_state"], after["attempts"]) == ("applied", "succeeded", 2)
    assert after["names"] == {"xa001.canbo": "Tên Mới", "xa002.canbo": "Người Mới"}
