"""The secretariat's mass actions in the browser: bulk actions on the filtered list (preview, apply, result),
an extension of one task, and "assign to many" from a parent task (preview count, then create)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from chidao.apps.audit.models import AuditEvent
from chidao.apps.programmes.bulk_preview import DECIDED, NOT_FOUND
from chidao.apps.programmes.models import Task
from chidao.apps.programmes.services import task_suspend
from tests.apps.programmes.conftest import DEADLINE, TODAY
from tests.factories.organisation import CommuneUnitFactory
from tests.factories.programmes import make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

NEW_DEADLINE = dt.date(2026, 4, 30)
NEW_DEADLINE_TEXT = "30/04/2026"
REASON = "Chờ bố trí kinh phí"
OWN_TITLE = "Xây dựng cơ sở dữ liệu đất đai"


def signed_in(client, users, role):
    client.force_login(users[role])
    return client


@pytest.fixture
def open_tasks(commune):
    return [make_task(lead_unit=commune, original_deadline=DEADLINE, title=OWN_TITLE) for _ in range(2)]


@pytest.fixture
def suspended_task(users_by_role, commune):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    return task_suspend(actor=users_by_role["secretariat"], task=task, on=TODAY, decision_text="QĐ 5/QĐ-BCĐ")


def extend_rows() -> list[str]:
    return sorted(AuditEvent.objects.filter(action="task.extend").values_list("object_id", flat=True))


# ---- the list's selection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "role", "shown"),
    [("secretariat acts", "secretariat", True), ("leader only reads", "leader", False)],
)
def test_the_list_offers_selection_only_to_who_may_act(client, users_by_role, open_tasks, _case, role, shown):
    # when
    body = signed_in(client, users_by_role, role).get(reverse("programmes:task-list")).content.decode()
    # then
    assert ('id="bulk-form"' in body) is shown
    assert (f'name="task" value="{open_tasks[0].pk}"' in body) is shown
    assert ('id="bulk-select-page" hidden' in body) is shown
    assert "web/bulk.js" in body


# ---- preview ------------------------------------------------------------------------------------------------


def test_the_preview_counts_the_ticked_tasks_and_names_each_refusal(
    client, users_by_role, open_tasks, suspended_task
):
    # given two open tasks, a suspended one and an unknown id
    chosen = [*(task.pk for task in open_tasks), suspended_task.pk, 999_999]
    # when
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:bulk-preview"), {"action": "extend", "task": chosen, "scope": "selected"}
    )
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Áp dụng cho {len(open_tasks)} nhiệm vụ." in body
    assert f"{suspended_task.code}</a> · {suspended_task.title}: {DECIDED}" in body
    assert f"Nhiệm vụ số 999999: {NOT_FOUND}" in body
    assert 'name="new_deadline"' in body
    assert not AuditEvent.objects.filter(action="task.extend").exists()


def test_all_tasks_matching_the_filter_are_previewed_without_ticking(
    client, users_by_role, open_tasks, other_commune
):
    # given a task of another unit that the filter (lead unit = the commune) leaves out
    make_task(lead_unit=other_commune, original_deadline=DEADLINE)
    filter_query = f"unit={open_tasks[0].lead_unit_id}"
    # when
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:bulk-preview"), {"action": "urge", "scope": "all", "filter_query": filter_query}
    )
    # then
    body = response.content.decode()
    assert f"Áp dụng cho {len(open_tasks)} nhiệm vụ." in body
    assert body.count('type="hidden" name="task"') == len(open_tasks)


def test_nothing_ticked_goes_back_to_the_list_with_a_message(client, users_by_role, open_tasks):
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:bulk-preview"), {"action": "urge", "scope": "selected", "filter_query": "q=dat"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:task-list") + "?q=dat"


@pytest.mark.parametrize("role", ["leader", "unit_head", "unit_officer", "auditor"])
def test_other_roles_may_not_preview_or_apply(client, users_by_role, open_tasks, role):
    # given
    body = {"action": "urge", "task": [open_tasks[0].pk], "scope": "selected"}
    client = signed_in(client, users_by_role, role)
    # when
    preview = client.post(reverse("programmes:bulk-preview"), body)
    apply = client.post(reverse("programmes:bulk-apply"), body)
    # then
    assert (preview.status_code, apply.status_code) == (403, 403)
    assert not AuditEvent.objects.filter(action="task.urge").exists()


def test_the_preview_is_post_only(client, users_by_role):
    response = signed_in(client, users_by_role, "secretariat").get(reverse("programmes:bulk-preview"))
    assert response.status_code == 405


# ---- apply ------------------------------------------------------------------------------------------------


def test_applying_an_extension_writes_an_audit_row_per_task_and_lists_the_result(
    client, users_by_role, open_tasks, suspended_task
):
    # given
    chosen = [*(task.pk for task in open_tasks), suspended_task.pk]
    # when
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:bulk-apply"),
        {"action": "extend", "task": chosen, "new_deadline": NEW_DEADLINE_TEXT, "reason": REASON},
    )
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Đã thực hiện cho {len(open_tasks)} nhiệm vụ." in body
    assert DECIDED in body
    assert extend_rows() == sorted(str(task.pk) for task in open_tasks)
    deadlines = set(Task.objects.filter(pk__in=[t.pk for t in open_tasks]).values_list("deadline", flat=True))
    assert deadlines == {NEW_DEADLINE}
    assert Task.objects.get(pk=suspended_task.pk).deadline == DEADLINE


def test_an_extension_without_reason_comes_back_to_the_preview_and_changes_nothing(
    client, users_by_role, open_tasks
):
    # when
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:bulk-apply"),
        {"action": "extend", "task": [t.pk for t in open_tasks], "new_deadline": NEW_DEADLINE_TEXT},
    )
    # then
    assert response.status_code == 200
    assert 'id="bulk-apply-form"' in response.content.decode()
    assert extend_rows() == []


def test_reassigning_from_the_page_moves_the_lead_unit(client, users_by_role, open_tasks, other_commune):
    # when
    signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:bulk-apply"),
        {"action": "reassign", "task": [t.pk for t in open_tasks], "lead_unit": other_commune.pk},
    )
    # then
    units = set(Task.objects.filter(pk__in=[t.pk for t in open_tasks]).values_list("lead_unit", flat=True))
    assert units == {other_commune.pk}
    assert AuditEvent.objects.filter(action="task.update").count() == len(open_tasks)


# ---- one task's extension ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "role", "status"),
    [
        ("secretariat approves", "secretariat", 302),
        ("leader may not", "leader", 403),
        ("unit head may not", "unit_head", 403),
        ("unit officer may not", "unit_officer", 403),
    ],
)
def test_extension_form_approves_for_the_secretariat_only(
    client, users_by_role, open_tasks, _case, role, status
):
    # given
    task = open_tasks[0]
    # when
    response = signed_in(client, users_by_role, role).post(
        reverse("programmes:task-extend", args=[task.pk]),
        {"new_deadline": NEW_DEADLINE_TEXT, "reason": REASON},
    )
    # then
    assert response.status_code == status
    extensions = list(task.extensions.values_list("old_deadline", "new_deadline", "reason"))
    assert extensions == ([(DEADLINE, NEW_DEADLINE, REASON)] if status == 302 else [])


def test_an_earlier_deadline_is_refused_on_the_form(client, users_by_role, open_tasks):
    # when
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:task-extend", args=[open_tasks[0].pk]),
        {"new_deadline": "01/03/2026", "reason": REASON},
    )
    # then
    assert response.status_code == 200
    assert "Thời hạn mới phải sau thời hạn hiện hành." in response.content.decode()
    assert extend_rows() == []


def test_the_task_page_links_the_extension_and_assignment_for_the_secretariat_only(
    client, users_by_role, open_tasks
):
    url = reverse("programmes:task-detail", args=[open_tasks[0].pk])
    secretariat = signed_in(client, users_by_role, "secretariat").get(url).content.decode()
    client.force_login(users_by_role["unit_head"])
    head = client.get(url).content.decode()
    assert ('id="extend-link"' in secretariat, 'id="assign-many-link"' in secretariat) == (True, True)
    assert ('id="extend-link"' in head, 'id="assign-many-link"' in head) == (False, False)


# ---- assign to many -----------------------------------------------------------------------------------------


@pytest.fixture
def parent_task(department):
    return make_task(lead_unit=department, original_deadline=DEADLINE, code="KH-01")


def test_assigning_to_every_commune_previews_the_count_then_creates_the_children(
    client, users_by_role, province, commune, other_commune, parent_task
):
    # given a third commune, already given the task
    third = CommuneUnitFactory(parent=province, name="Xã Ia Grai", code="XA3")
    client = signed_in(client, users_by_role, "secretariat")
    url = reverse("programmes:task-assign-many", args=[parent_task.pk])
    client.post(url, {"target": "chosen", "units": [third.pk], "confirm": "1"})
    # when
    preview = client.post(url, {"target": "all_communes", "preview": "1"})
    created = client.post(url, {"target": "all_communes", "confirm": "1"})
    # then
    assert "Sẽ tạo 2 nhiệm vụ con." in preview.content.decode()
    assert "1 đơn vị đã được giao, bỏ qua." in preview.content.decode()
    assert created.status_code == 302
    children = set(parent_task.children.values_list("code", flat=True))
    assert children == {f"KH-01-{unit.code}" for unit in (commune, other_commune, third)}
    assert AuditEvent.objects.filter(action="task.assign_many").count() == len(children)


def test_assigning_to_chosen_units_needs_a_choice(client, users_by_role, parent_task):
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:task-assign-many", args=[parent_task.pk]), {"target": "chosen", "confirm": "1"}
    )
    assert response.status_code == 200
    assert "Chưa chọn đơn vị nào." in response.content.decode()
    assert not parent_task.children.exists()


@pytest.mark.parametrize(("_case", "role", "status"), [("leader", "leader", 403), ("head", "unit_head", 404)])
def test_other_roles_may_not_assign_to_many(client, users_by_role, parent_task, _case, role, status):
    response = signed_in(client, users_by_role, role).post(
        reverse("programmes:task-assign-many", args=[parent_task.pk]),
        {"target": "all_communes", "confirm": "1"},
    )
    assert response.status_code == status
    assert not parent_task.children.exists()
