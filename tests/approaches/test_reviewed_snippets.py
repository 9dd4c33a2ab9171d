"""Conditions and provider types reach patients only through Clinical review, like pages."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import WorkflowContentType

from approaches.factories import ApproachPageFactory, ConditionFactory, ProviderTypeFactory
from approaches.models import Condition, ProviderType
from tests.core.test_governance import member


def edit_url(snippet):
    return reverse(f"wagtailsnippets_approaches_{snippet._meta.model_name}:edit", args=[snippet.pk])


def condition_form(condition, action=None, **changes):
    data = {"name": condition.name, "slug": condition.slug, "description": condition.description, **changes}
    if action:
        data[f"action-{action}"] = action
    return data


@pytest.fixture
def linked(index, conditions, provider_types):
    draft_condition = ConditionFactory(name="Panic", slug="panic", live=False)
    draft_provider = ProviderTypeFactory(name="Peer worker", live=False)
    page = ApproachPageFactory(
        parent=index,
        title="Calm skills",
        conditions=[conditions[0], draft_condition],
        provider_types=[provider_types[0], draft_provider],
    )
    return page, draft_condition, draft_provider


@pytest.mark.django_db
def test_patients_never_see_an_unpublished_condition_or_provider_type(
    client, home, index, linked, conditions, template_context
):
    page, draft_condition, draft_provider = linked
    for url in (page.url, index.url, home.url, f"/compare/?approach={page.slug}&approach={page.slug}"):
        html = client.get(url).content.decode()
        assert "Panic" not in html and "Peer worker" not in html, url
    assert conditions[0].name in client.get(page.url).content.decode()
    assert "Panic" not in client.get("/search/", {"q": "panic"}).content.decode()
    assert client.get(index.url, {"condition": "panic"}).context["listing"].unknown_condition == "panic"


@pytest.mark.django_db
def test_an_editors_change_to_a_live_condition_waits_for_review(client, index, approach, conditions):
    condition = conditions[1]
    client.force_login(member("Clinical editors", "clinician"))
    form = client.get(edit_url(condition)).content.decode()
    assert 'name="action-publish"' not in form and 'name="action-submit"' in form

    client.post(edit_url(condition), condition_form(condition, "publish", description="Rewritten, unreviewed."))
    client.post(edit_url(condition), condition_form(condition, "submit", description="Rewritten, unreviewed."))

    condition.refresh_from_db()
    assert condition.live and condition.description != "Rewritten, unreviewed."
    assert condition.current_workflow_task_state is not None
    client.logout()
    listing = client.get(index.url, {"condition": condition.slug}).content.decode()
    assert "Rewritten, unreviewed." not in listing

    client.force_login(member("Clinical reviewers", "reviewer"))
    task_state = condition.current_workflow_task_state
    url = reverse("wagtailsnippets_approaches_condition:workflow_action", args=[condition.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    client.logout()
    assert "Rewritten, unreviewed." in client.get(index.url, {"condition": condition.slug}).content.decode()


@pytest.mark.django_db
def test_a_reviewer_can_publish_a_provider_type_and_an_editor_cannot(client, provider_types):
    provider = provider_types[1]
    data = {"name": provider.name, "credentials": "PhD", "description": provider.description}

    client.force_login(member("Clinical editors", "clinician"))
    client.post(edit_url(provider), {**data, "action-publish": "action-publish"})
    assert ProviderType.objects.get(pk=provider.pk).credentials != "PhD"

    client.force_login(member("Clinical reviewers", "reviewer"))
    assert 'name="action-publish"' in client.get(edit_url(provider)).content.decode()
    client.post(edit_url(provider), {**data, "action-publish": "action-publish"})
    assert ProviderType.objects.get(pk=provider.pk).credentials == "PhD"


@pytest.mark.django_db
def test_conditions_and_provider_types_are_under_the_clinical_review_workflow(db):
    for model in (Condition, ProviderType):
        link = WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(model))
        assert link.workflow.name == "Clinical review"


@pytest.mark.django_db
def test_reviewers_preview_a_condition_as_patients_will_read_it(admin_client, conditions):
    condition = conditions[0]
    condition.description = "A draft description for review."
    revision = condition.save_revision()
    url = reverse("wagtailsnippets_approaches_condition:revisions_view", args=[condition.pk, revision.pk])
    html = admin_client.get(url).content.decode()
    assert "A draft description for review." in html and "Often helpful for Severe anxiety" in html
