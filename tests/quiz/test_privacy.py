"""Quiz responses are anonymous: nothing stored can identify a person."""

import pytest
from django.apps import apps
from django.db import models

from quiz.models import QuizResponse, ResponseAnswer, ResponseOutcome

RESPONSE_MODELS = [QuizResponse, ResponseAnswer, ResponseOutcome]
FORBIDDEN_WORDS = {"ip", "agent", "user", "session", "email", "name", "note", "comment", "text", "address", "referer"}


@pytest.mark.parametrize("model", RESPONSE_MODELS, ids=lambda m: m.__name__)
def test_no_field_can_hold_identifying_data_or_free_text(model):
    for field in model._meta.get_fields():
        if not field.concrete:
            continue
        assert not isinstance(field, models.GenericIPAddressField), field
        assert not isinstance(field, models.TextField), f"{field} could hold free text"
        assert not FORBIDDEN_WORDS & set(field.name.split("_")), field
        if isinstance(field, models.CharField) and field.name == "language":
            # A language code of the portal's (issue 17), shared by many patients.
            assert field.max_length <= 10, field
        elif isinstance(field, models.CharField):
            assert field.name.endswith("_key") and field.max_length <= 60, f"{field} must only hold a quiz key"
        if isinstance(field, models.ForeignKey):
            assert field.related_model._meta.label not in ("auth.User", "sessions.Session"), field


def test_no_other_app_stores_quiz_answers():
    for model in apps.get_models():
        if model._meta.app_label == "quiz" and model not in RESPONSE_MODELS:
            assert "response" not in model._meta.model_name, model


@pytest.mark.django_db
def test_what_is_stored_after_a_run_is_only_keys_and_times(patient, client):
    patient.start()
    client.post(
        "/quiz/step/safety/", {"answer": "safe"}, HTTP_USER_AGENT="Secret-Browser/1.0", REMOTE_ADDR="203.0.113.9"
    )
    stored = QuizResponse.objects.values().get()
    assert stored["language"] == "en"
    flat = repr(stored) + repr(list(ResponseAnswer.objects.values()))
    assert "203.0.113.9" not in flat and "Secret-Browser" not in flat
    assert client.cookies["steady_path_quiz"].value not in flat
