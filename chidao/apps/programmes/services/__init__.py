"""Writes to the steering tasks. Each public service is atomic, @writes_audit and stores the derived status.

`tasks`: create, update, extend, assign to many, suspend, stop, directives and the nightly status refresh;
`reports`: submit, head approval, the secretariat's confirmation or return.
"""

from chidao.apps.programmes.services.reports import (
    report_approve_by_head,
    report_confirm,
    report_return,
    report_submit,
)
from chidao.apps.programmes.services.tasks import (
    RefreshResult,
    directive_create,
    task_assign_many,
    task_create,
    task_extend,
    task_statuses_refresh,
    task_stop,
    task_suspend,
    task_update,
)

__all__ = [
    "RefreshResult",
    "directive_create",
    "report_approve_by_head",
    "report_confirm",
    "report_return",
    "report_submit",
    "task_assign_many",
    "task_create",
    "task_extend",
    "task_statuses_refresh",
    "task_stop",
    "task_suspend",
    "task_update",
]
