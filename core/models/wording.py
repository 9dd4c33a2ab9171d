"""The words around the crisis numbers and the shared notes, one reviewed row per language."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)

_DEFAULTS = settings.PORTAL_SAFETY_DEFAULTS

BLEND_NOTE = (
    "There’s no single “right” therapy—many people benefit from a blend, or a sequence, "
    "over time. What matters most is a pace that feels steady and supportive."
)
QUIZ_PROMPT = "If you want help choosing a steady starting point, the quiz can narrow the field fast."
CREDENTIALS_LINK_TEXT = "Learn about credentials & training →"

PLACEHOLDER_HELP = (
    "Write {emergency_number}, {crisis_line_number} or {crisis_text_number} where a number goes, "
    "so it follows Settings → Portal."
)

# The text fields, in the order patients meet them; what selectors.portal_info copies.
WORDING_FIELDS = (
    "crisis_line_name",
    "crisis_language_call",
    "crisis_language_text",
    "outside_us_text",
    "disclaimer",
    "blend_note",
    "quiz_prompt",
    "credentials_link_text",
)


class PortalWording(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    models.Model,
):
    """What every page says around the crisis numbers, in one language.

    The numbers themselves are one setting for every language (PortalSettings); the words are
    per language and go through Clinical review like a page, because they are crisis help.
    The row holds the published version; patients read it through core.site.selectors.portal_info,
    which falls back to English, then to the built-in wording, so crisis help never waits on
    a translation or on the database.
    """

    crisis_line_name = models.CharField(max_length=120, default=_DEFAULTS["crisis_line_name"])
    crisis_language_call = models.TextField(
        "how to call in this language",
        blank=True,
        help_text="For a language the crisis line answers through a menu (988: “press 2” for Spanish). "
        "Leave blank in English. " + PLACEHOLDER_HELP,
    )
    crisis_language_text = models.TextField(
        "how to text in this language",
        blank=True,
        help_text="The same for texts (988: text AYUDA). Leave blank in English. " + PLACEHOLDER_HELP,
    )
    outside_us_text = models.TextField(
        "outside US text",
        default=_DEFAULTS["outside_us_text"],
        help_text="One or two sentences for visitors outside the United States.",
    )
    disclaimer = models.TextField(
        default=_DEFAULTS["disclaimer"],
        help_text="Shown at the foot of every page. Keep the emergency instruction in it. " + PLACEHOLDER_HELP,
    )
    blend_note = models.TextField(default=BLEND_NOTE, help_text="Shown near the top of every approach page.")
    quiz_prompt = models.CharField(max_length=200, default=QUIZ_PROMPT)
    credentials_link_text = models.CharField(max_length=80, default=CREDENTIALS_LINK_TEXT)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="portalwording",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="portalwording",
        for_concrete_model=False,
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("crisis_line_name"),
                FieldPanel("crisis_language_call"),
                FieldPanel("crisis_language_text"),
                FieldPanel("outside_us_text"),
            ],
            heading="Crisis resources",
        ),
        MultiFieldPanel(
            [
                FieldPanel("disclaimer"),
                FieldPanel("blend_note"),
                FieldPanel("credentials_link_text"),
                FieldPanel("quiz_prompt"),
            ],
            heading="Shared wording",
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "portal wording"
        verbose_name_plural = "portal wording"
        constraints = [models.UniqueConstraint(fields=["locale"], name="one_portal_wording_per_locale")]

    def __str__(self):
        return f"Portal wording ({self.locale.get_display_name() or self.locale.language_code})"

    def get_preview_template(self, request, mode_name):
        return "core/portalwording_preview.html"

    def get_preview_context(self, request, mode_name):
        # The crisis panel and footer as patients would read them with this version: the portal
        # context processor puts these words in (a model does not reach up to the selectors).
        request.previewed_wording = self
        return super().get_preview_context(request, mode_name)
