"""Who may open what in the admin: every area, report, export and snippet, for each role,
against the rules docs/editors.md states. The matrix only reads, so what it opens, and one
member of each role, are built once for the module."""

import pytest
from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import get_snippet_models

from approaches.factories import ApproachIndexPageFactory, ApproachPageFactory, ConditionFactory, ProviderTypeFactory
from quiz.factories import QuizFactory
from tests.approaches.test_admin_editing import add_url
from tests.core.test_governance import REPORTS, ROLES, SNIPPETS, member, registered_reports, snippet_url
from tests.support import make_home

# role -> allowed? for the admin areas that are neither a report nor a snippet
MATRIX = {
    "add approach page": ("get", lambda c: add_url(c["index"]), [True, True, False, True]),
    "edit approach page": ("get", lambda c: reverse("wagtailadmin_pages:edit", args=[c["approach"].pk]), [True, True, False, True]),
    "portal settings": ("get", lambda c: reverse("wagtailsettings:edit", args=["core", "portalsettings"]), [False, False, False, True]),
    "users": ("get", lambda c: reverse("wagtailusers_users:index"), [False, False, False, True]),
    "search promotions": ("get", lambda c: reverse("wagtailsearchpromotions:index"), [False, False, False, True]),
}  # fmt: skip

AREAS = {
    **{area: (lambda c, url=url: url(c), allowed) for area, (_, url, allowed) in MATRIX.items()},
    **{f"report {name}": (lambda c, name=name: registered_reports()[name], [r in who for r in ROLES]) for name, who in REPORTS.items()},
    **{
        f"snippet {view} {label}": (lambda c, label=label, view=view: snippet_url(label, view), [r in who for r in ROLES])
        for label, who in SNIPPETS.items()
        for view in ("list", "add")
    },
}  # fmt: skip


def matrix_cells():
    for area in AREAS:
        for role in ROLES:
            yield pytest.param(area, role, id=f"{area}-{role}")


@pytest.fixture(scope="module")
def portal(module_db):
    """What the areas open, and one member of each role, built once: the matrix only reads."""
    with module_db.unblock():
        index = ApproachIndexPageFactory(parent=make_home())
        approach = ApproachPageFactory(
            parent=index, conditions=[ConditionFactory()], provider_types=[ProviderTypeFactory()]
        )
        QuizFactory(publish=True)  # something for the analytics export to export
        return {"index": index, "approach": approach, "members": {role: member(role) for role in ROLES}}


def test_the_matrix_covers_every_report_and_every_snippet():
    # A report or snippet registered later must get a row here (and a line in docs/editors.md).
    assert set(registered_reports()) == set(REPORTS)
    assert {model._meta.label_lower for model in get_snippet_models()} == set(SNIPPETS)


@pytest.mark.django_db
@pytest.mark.parametrize(("area", "role"), list(matrix_cells()))
def test_permission_matrix(client, portal, role, area):
    url, allowed = AREAS[area]
    client.force_login(portal["members"][role])
    response = client.get(url(portal), follow=True)
    turned_away = response.status_code == 403 or (
        response.redirect_chain and response.redirect_chain[-1][0] == "/admin/"
    )
    if allowed[ROLES.index(role)]:
        assert response.status_code == 200 and not turned_away, f"{role} should reach {area}"
    else:
        assert turned_away, f"{role} should not reach {area}"


def registered_menu_items() -> dict:
    items = (hook() for hook in hooks.get_hooks("register_reports_menu_item"))
    return {item.name: item for item in items if item is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_reports_menu_shows_each_role_only_its_reports(rf, portal, role):
    request = rf.get("/admin/")
    request.user = portal["members"][role]
    shown = [item for item in registered_menu_items().values() if item.is_shown(request)]
    # As Wagtail's menu does: the items that say they are shown, then the construct hooks.
    for hook in hooks.get_hooks("construct_reports_menu"):
        hook(request, shown)
    assert {item.name for item in shown} == {name for name, who in REPORTS.items() if role in who}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "report", ["content-health", "site-history", "quiz-analytics", "page-feedback", "broken-links"]
)
@pytest.mark.parametrize("export", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ROLES)
def test_an_export_is_refused_to_whoever_may_not_open_the_report(client, portal, role, report, export):
    client.force_login(portal["members"][role])
    response = client.get(registered_reports()[report], {"export": export})
    if role in REPORTS[report]:
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    else:
        # Wagtail turns a refusal into a redirect to the dashboard with a message.
        assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
        assert not response.has_header("Content-Disposition")
