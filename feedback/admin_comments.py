"""Admin: Reports → Patient comments. Clinicians mark each comment and link the fixing revision;
only site admins may delete one. Nobody adds one here: comments come from patients only."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from feedback.forms import TriageForm
from feedback.models import PageFeedback


class NoAddingPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CommentIndexView(IndexView):
    # Crisis first, then newest: a clinician sees the urgent ones before anything else.
    queryset = PageFeedback.objects.exclude(comment="").select_related("page")
    default_ordering = ["-crisis", "-day", "-pk"]

    @cached_property
    def columns(self):
        # The excerpt is the title column: it links to the triage form (and carries the row's
        # buttons), which a first column of our own would not.
        return [
            self._get_title_column("comment", accessor=_excerpt) if column.name == "comment" else column
            for column in super().columns
        ]


class CommentTextPanel(Panel):
    """What the patient wrote (scrubbed), read-only."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            c = self.instance
            flag = format_html("<p><strong>Crisis language: read this first.</strong></p>") if c.crisis else ""
            return format_html(
                "{}<p>On <a href='{}'>{}</a>, revision {}, {} ({}).</p><blockquote>{}</blockquote>",
                flag,
                reverse("wagtailadmin_pages:edit", args=[c.page_id]),
                c.page.title,
                c.revision_id or "unknown",
                c.day,
                c.language,
                c.comment,
            )


def _excerpt(comment):
    return comment.comment[:120] + ("…" if len(comment.comment) > 120 else "")


class PatientCommentViewSet(ModelViewSet):
    model = PageFeedback
    name = "feedback_comments"
    url_prefix = "reports/patient-comments"
    icon = "comment"
    menu_label = "Patient comments"
    add_to_admin_menu = False
    index_view_class = CommentIndexView
    list_display = [
        Column("crisis", label="Crisis", accessor=lambda c: "Crisis" if c.crisis else ""),
        "day",
        Column("page", label="Page", accessor=lambda c: c.page.title),
        Column("comment", label="Comment", accessor=_excerpt),
        "status",
    ]
    list_filter = ["status", "crisis", "language"]
    list_export = ["day", "page_id", "revision_id", "language", "crisis", "status", "comment", "fixed_in_id"]
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [CommentTextPanel(), FieldPanel("status"), FieldPanel("fixed_in")], base_form_class=TriageForm
    )
