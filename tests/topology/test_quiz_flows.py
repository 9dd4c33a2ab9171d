"""The quiz flow each process keeps per revision (quiz.selectors.flow_for_revision), across app
servers: a patient pinned to a revision that is deleted is told to start again by every worker
of every app server within a second, and new patients start on the quiz as published now."""

import json
import time

from bench.quiz_load import Browser, QuestionForm
from tests.topology.test_freshness import ASKS_PER_WAY_IN

REVISIONS = """
import json
from wagtail.models import Revision
from quiz.models import Quiz
quiz = Quiz.objects.get(live_revision_id={pinned})
quiz.save_revision().publish()
Revision.objects.filter(pk={pinned}).delete()
print(json.dumps({{"live": Quiz.objects.get(pk=quiz.pk).live_revision_id}}))
"""


def start(base: str) -> Browser:
    patient = Browser(base, timeout=10, claims_tls=False)
    form = QuestionForm(patient.get("/quiz/", "start-page").body)
    step = patient.post(form.action, "start", {"form_token": form.token})
    assert step.status == 302 and "/quiz/step/" in step.location, step.status
    patient.step = step.location
    return patient


def step_everywhere(deployed, patient) -> list[tuple[str, int]]:
    """The patient's current step, asked of nginx and of each app server (both workers of each)."""
    found = []
    for name, base in deployed.urls.items():
        for _ in range(ASKS_PER_WAY_IN):
            way_in = Browser(base, timeout=10, claims_tls=name != "proxy")
            way_in.cookies = dict(patient.cookies)
            found.append((name, way_in.get(patient.step, "step-get").status))
    return found


def test_a_deleted_quiz_revision_sends_its_patients_to_start_again_everywhere_within_a_second(deployed):
    patient = start(deployed.proxy_url)
    pinned = patient.quiz_state()["revision_id"]
    assert {status for _, status in step_everywhere(deployed, patient)} == {200}  # every worker keeps the flow

    output = deployed.manage("shell", "-c", REVISIONS.format(pinned=pinned))
    changed = time.monotonic()
    live = json.loads(output.strip().splitlines()[-1])["live"]
    assert live != pinned
    time.sleep(max(0.0, changed + 1.0 - time.monotonic()))
    assert [(name, status) for name, status in step_everywhere(deployed, patient) if status != 410] == []

    newcomer = start(deployed.proxy_url)
    assert newcomer.quiz_state()["revision_id"] == live
    assert {status for _, status in step_everywhere(deployed, newcomer)} == {200}
