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


@register_setting(icon="warning")
class PortalSettings(BaseGenericSetting):
    """Site-wide safety information, the same in every language, edited in Settings → Portal.

    The words around these numbers are per language: core.models.PortalWording (Snippets).
    """

    emergency_number = models.CharField(max_length=20, default=_DEFAULTS["emergency_number"], validators=[phone_number])
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
    search_synonyms = models.TextField(
        blank=True,
        help_text="Words patients use for what our pages call something else, one per line: the "
        "word, a colon, then the words to search for as well, separated by commas. For example: "
        "“blue: depression, low mood”. Common ones (depressed, anxious, meds…) are built in.",
    )

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
                FieldPanel("crisis_line_number"),
                FieldPanel("crisis_text_number"),
                FieldPanel("crisis_chat_url"),
            ],
            heading="Crisis line",
        ),
        FieldPanel("quick_exit_url"),
    ]
    wording_panels = [
        FieldPanel("credentials_page"),
        FieldPanel("quiz_page"),
        FieldPanel("search_synonyms"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(crisis_panels, heading="Crisis resources"),
            # The words patients read around these are in Snippets → Portal wording, per language.
            ObjectList(wording_panels, heading="Linked pages and search"),
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
