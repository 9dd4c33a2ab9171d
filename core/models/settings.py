from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

_DEFAULTS = settings.PORTAL_SAFETY_DEFAULTS

phone_number = RegexValidator(
    r"^[0-9+][0-9 ()-]{1,19}$",
    "Use digits only, with optional spaces, dashes, brackets or a leading +, "
    "so phones can dial it (for example 911 or +44 20 7946 0000).",
)

https_only = URLValidator(
    schemes=["https"],
    message="Use a full https:// address of an everyday site, for example https://www.weather.gov/.",
)

BLEND_NOTE = (
    "There’s no single “right” therapy—many people benefit from a blend, or a sequence, "
    "over time. What matters most is a pace that feels steady and supportive."
)
QUIZ_PROMPT = "If you want help choosing a steady starting point, the quiz can narrow the field fast."
CREDENTIALS_LINK_TEXT = "Learn about credentials & training →"


@register_setting(icon="warning")
class PortalSettings(BaseGenericSetting):
    """Site-wide safety information and shared wording, edited in Settings → Portal."""

    emergency_number = models.CharField(max_length=20, default=_DEFAULTS["emergency_number"], validators=[phone_number])
    crisis_line_name = models.CharField(max_length=120, default=_DEFAULTS["crisis_line_name"])
    crisis_line_number = models.CharField(
        max_length=20,
        default=_DEFAULTS["crisis_line_number"],
        validators=[phone_number],
        help_text="Number to call for the crisis line.",
    )
    crisis_text_number = models.CharField(
        max_length=20,
        default=_DEFAULTS["crisis_text_number"],
        validators=[phone_number],
        blank=True,
        help_text="Number to text. Leave blank if the line takes no texts.",
    )
    crisis_chat_url = models.URLField(
        "crisis chat URL",
        default=_DEFAULTS["crisis_chat_url"],
        blank=True,
        help_text="Web chat address. Leave blank if there is none.",
    )
    quick_exit_url = models.URLField(
        "quick exit destination",
        default=_DEFAULTS["quick_exit_url"],
        validators=[https_only],
        help_text="Where “Exit this page” (and Shift pressed three times) sends someone who has to "
        "leave at once: an everyday site such as weather, news or search that draws no attention. "
        "It must start with https://.",
    )
    outside_us_text = models.TextField(
        "outside US text",
        default=_DEFAULTS["outside_us_text"],
        help_text="One or two sentences for visitors outside the United States.",
    )
    disclaimer = models.TextField(
        default=_DEFAULTS["disclaimer"],
        help_text="Shown at the foot of every page. Keep the emergency instruction in it, with "
        "{emergency_number} where the number goes so it follows the setting above.",
    )
    blend_note = models.TextField(
        default=BLEND_NOTE,
        help_text="Shown near the top of every approach page.",
    )
    quiz_prompt = models.CharField(max_length=200, default=QUIZ_PROMPT)
    search_synonyms = models.TextField(
        blank=True,
        help_text="Words patients use for what our pages call something else, one per line: the "
        "word, a colon, then the words to search for as well, separated by commas. For example: "
        "“blue: depression, low mood”. Common ones (depressed, anxious, meds…) are built in.",
    )
    credentials_link_text = models.CharField(max_length=80, default=CREDENTIALS_LINK_TEXT)

    crisis_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where every “Get help now” link goes.",
    )
    credentials_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the training note on every approach page.",
    )
    quiz_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the quiz prompt on every approach page.",
    )

    select_related = ["crisis_page", "credentials_page", "quiz_page"]

    crisis_panels = [
        FieldPanel("crisis_page"),
        FieldPanel("emergency_number"),
        MultiFieldPanel(
            [
                FieldPanel("crisis_line_name"),
                FieldPanel("crisis_line_number"),
                FieldPanel("crisis_text_number"),
                FieldPanel("crisis_chat_url"),
            ],
            heading="Crisis line",
        ),
        FieldPanel("outside_us_text"),
        FieldPanel("quick_exit_url"),
    ]
    wording_panels = [
        FieldPanel("disclaimer"),
        FieldPanel("blend_note"),
        FieldPanel("credentials_page"),
        FieldPanel("credentials_link_text"),
        FieldPanel("quiz_page"),
        FieldPanel("quiz_prompt"),
        FieldPanel("search_synonyms"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(crisis_panels, heading="Crisis resources"),
            ObjectList(wording_panels, heading="Shared wording"),
        ]
    )

    class Meta:
        verbose_name = "Portal settings"

    def clean(self):
        super().clean()
        problems = [
            f"Line {number} (“{line.strip()}”)"
            for number, line in enumerate(self.search_synonyms.splitlines(), start=1)
            if line.strip() and not _synonym_line_ok(line)
        ]
        if problems:
            raise ValidationError(
                {
                    "search_synonyms": f"{', '.join(problems)}: write the word, a colon, then the words to "
                    "search for as well, for example “blue: depression, low mood”."
                }
            )


def _synonym_line_ok(line: str) -> bool:
    word, colon, others = line.partition(":")
    return bool(colon and word.strip() and any(o.strip() for o in others.split(",")))
