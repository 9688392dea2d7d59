"""Foundation and platform "done when" checks that need a real browser.

- a commune officer who types another unit's address gets the 404 page (and the API object is 404 too);
- a demo job started by an administrator shows moving progress through htmx polling until it finishes.
"""

from __future__ import annotations

import threading

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_officer_gets_404_for_another_units_page_and_api_object_in_the_browser(
    phone, sign_in, users_by_role, commune, other_commune, problems
):
    # given
    sign_in(users_by_role["unit_officer"])
    # when
    own = phone.goto(f"/organisation/units/{commune.pk}/")
    other = phone.goto(f"/organisation/units/{other_commune.pk}/")
    other_body = phone.content()
    api = phone.request.get(f"/api/v1/organisation/units/{other_commune.pk}")
    # then
    assert own.status == 200
    assert other.status == 404
    assert other_commune.name not in other_body
    assert api.status == 404
    assert api.json()["code"] == "not_found"


def test_demo_job_shows_moving_progress_in_the_browser(phone, sign_in, users_by_role, problems):
    from chidao.apps.jobs.models import Job
    from chidao.apps.jobs.runner import job_run
    from chidao.apps.jobs.services import job_start

    # given: a queued demo job (the worker is played by a thread, as db_worker would run it)
    admin = users_by_role["administrator"]
    job = job_start(actor=admin, kind="demo.count", parameters={"n": 8, "delay": 0.4}, enqueue=False)
    sign_in(admin)
    phone.goto(f"/jobs/{job.pk}/")
    progress = phone.locator("#job-progress progress")
    seen: set[str] = set()
    worker = threading.Thread(target=job_run, args=(job.pk,), daemon=True)
    # when
    worker.start()
    for _ in range(60):
        seen.add(progress.get_attribute("value") or "")
        if phone.locator(".job-state-succeeded").count():
            break
        phone.wait_for_timeout(250)
    worker.join(timeout=30)
    # then: the bar took several values on the same page (no reload) and ended at 100
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert phone.locator(".job-state-succeeded").count() == 1
    assert progress.get_attribute("value") == "100"
    intermediate = {v for v in seen if v not in {"", "0", "100"}}
    assert len(intermediate) >= 2, f"progress values seen: {sorted(seen)}"
    problems.assert_none()
