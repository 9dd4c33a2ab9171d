"""StreamField blocks for approach pages and standard pages.

Every block names its icon, template, help text and a preview value, so editors see a
real example in the block picker. Rules that involve more than one field live in clean().
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from approaches.evidence import OutcomeValue

# --- Approach page lists -------------------------------------------------------------


class ListItemBlock(blocks.CharBlock):
    """One short point in a bulleted list ("What sessions can look like", "Good fit if…")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)

    class Meta:
        icon = "list-ul"
        template = "blocks/list_item_block.html"
        preview_template = "blocks/list_item_preview.html"
        help_text = "One point, in a short plain sentence. Aim for 20 words or fewer."
        description = "A single bullet point."
        preview_value = "Assessment of symptoms, history, and goals"
        label = "Point"


ACCESS_TOPICS = ("referral", "cost", "waits", "telehealth")


class AccessValue(blocks.StructValue):
    def topics(self) -> list[tuple[str, str]]:
        """(heading, text) for each part the editor filled in, in the block's order."""
        filled = [name for name in ACCESS_TOPICS if (self[name] or "").strip()]
        return [(self.block.child_blocks[name].label, self[name]) for name in filled]


class AccessBlock(blocks.StructBlock):
    """ "How to get it": the practical route to this care, as NHS and Mind pages give it."""

    referral = blocks.TextBlock(
        required=False,
        max_length=500,
        label="Referral",
        help_text="Can people book directly, or do they need a referral first, and from whom?",
    )
    cost = blocks.TextBlock(
        required=False,
        max_length=500,
        label="Cost and insurance",
        help_text="Whether insurance, Medicare or Medicaid usually cover it, and lower-cost options.",
    )
    waits = blocks.TextBlock(
        required=False,
        max_length=500,
        label="Typical waits",
        help_text="How long people usually wait for a first appointment, and what to do meanwhile.",
    )
    telehealth = blocks.TextBlock(
        required=False,
        max_length=500,
        label="Telehealth",
        help_text="Whether it can be done by video or phone, and anything to know about that.",
    )

    def clean(self, value):
        value = super().clean(value)
        if not any((value.get(name) or "").strip() for name in ACCESS_TOPICS):
            raise StructBlockValidationError(
                non_block_errors=ValidationError(
                    "Fill in at least one part (referral, cost and insurance, typical waits or "
                    "telehealth), or remove this section."
                )
            )
        return value

    class Meta:
        icon = "help"
        template = "blocks/access_block.html"
        value_class = AccessValue
        label = "How to get it"
        help_text = "Optional. Plain words about referral, cost and insurance, waits and telehealth."
        description = "How to get this care: referral, cost and insurance, typical waits, telehealth."
        preview_value = {
            "referral": "Most therapists can be booked directly. Some insurance plans ask for a referral first.",
            "cost": "Often covered by insurance. Ask whether the therapist is in your plan’s network.",
            "waits": "From a few days to a few weeks. Ask to join a cancellation list.",
            "telehealth": "Many therapists offer sessions by video.",
        }


class QuestionBlock(blocks.CharBlock):
    """A question a patient might bring to a first session; patients can tick it for their sheet."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not value.rstrip().endswith("?"):
            raise ValidationError("Write this as a question a patient could ask, ending with “?”.")
        return value

    class Meta:
        icon = "help"
        template = "blocks/question_block.html"
        preview_template = "blocks/list_item_preview.html"
        help_text = "A question in the patient’s own words, ending with a question mark."
        description = "A question patients can bring to a first session."
        preview_value = "What does a typical session look like with you?"
        label = "Question"


class SafetyNoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=400, help_text="The safety point, in plain words.")
    urgent = blocks.BooleanBlock(
        required=False,
        help_text="Tick when the reader should act quickly. Urgent notes are labeled "
        "“Urgent advice:” for screen readers and say what to do.",
    )
    action = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="What to do, for example “Call your prescriber the same day.” Required for urgent notes.",
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("urgent") and not (value.get("action") or "").strip():
            raise StructBlockValidationError(
                block_errors={"action": ValidationError("An urgent note must tell the reader what to do.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Said aloud by screen readers and printed, so the urgency never rests on color.
        context["prefix"] = gettext("Urgent advice:") if value.get("urgent") else ""
        return context

    class Meta:
        icon = "warning"
        template = "blocks/safety_note_block.html"
        preview_template = "blocks/list_item_preview.html"
        help_text = "A safety point shown under “Safety notes”."
        description = "A safety point; mark it urgent when the reader should act quickly."
        preview_value = {
            "text": "Discuss side effects, interactions, and safety considerations with a licensed prescriber.",
            "urgent": False,
            "action": "",
        }
        label = "Safety note"


# --- Sources and outcomes (the decision-aid parts: docs/content-model.md#sources) -----


class ReferenceBlock(blocks.StructBlock):
    """One entry under "Sources". Text on the page points at it with a marker such as [1]."""

    citation = blocks.CharBlock(
        max_length=300,
        help_text="The title of the guidance or page, as its publisher gives it, "
        "for example “Depression in adults: treatment and management”.",
    )
    publisher = blocks.CharBlock(max_length=120, help_text="Who published it, for example “NICE” or “NIMH”.")
    year = blocks.IntegerBlock(
        min_value=1950,
        max_value=2100,
        help_text="The year it was published or last updated; for a web page with no date, the year you read it.",
    )
    url = blocks.URLBlock(help_text="Where patients can read it.")
    guideline_id = blocks.CharBlock(
        required=False,
        max_length=40,
        help_text="Optional. The guideline’s own number, for example “NICE NG222”. Leave empty if unsure.",
    )

    class Meta:
        icon = "openquote"
        template = "blocks/reference_block.html"
        label = "Source"
        help_text = "A public source for what this page says. Number n in the list is marker [n] in the text."
        description = "A source: citation, publisher, year, address and an optional guideline number."
        preview_value = {
            "citation": "Depression in adults: treatment and management",
            "publisher": "NICE",
            "year": 2022,
            "url": "https://www.nice.org.uk/guidance/ng222",
            "guideline_id": "NICE NG222",
        }


CERTAINTY_CHOICES = [
    ("high", "High: further research is unlikely to change this"),
    ("moderate", "Moderate: further research may change this"),
    ("low", "Low: further research is likely to change this"),
]


class OutcomeBlock(blocks.StructBlock):
    """ "About N in 100 people …": what tends to happen, against what, and how sure we are.

    Drawn as an icon array on the server (approaches.evidence), with its sentence beside it."""

    people = blocks.IntegerBlock(min_value=0, max_value=100, help_text="N in “about N in 100 people”.")
    outcome = blocks.CharBlock(
        max_length=160, help_text="What happens for them, for example “feel much better”. Plain words, no jargon."
    )
    timeframe = blocks.CharBlock(max_length=80, help_text="When, for example “within 16 weeks”.")
    comparison_people = blocks.IntegerBlock(
        required=False,
        min_value=0,
        max_value=100,
        help_text="Optional. How many in 100 people in the comparison group have the same outcome.",
    )
    comparison = blocks.CharBlock(
        max_length=160,
        help_text="Compared with what, for example “people who wait and see”. Required: a number alone misleads.",
    )
    certainty = blocks.ChoiceBlock(choices=CERTAINTY_CHOICES, default="low")
    source = blocks.IntegerBlock(
        min_value=1,
        help_text="The number of the entry under Sources that these figures come from (1 for the first).",
    )
    sample_figures = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="Tick when the figures are sample figures for the demo. The page then says they are not "
        "clinical evidence. Untick only when the source named gives these very figures.",
    )

    class Meta:
        icon = "table"
        template = "blocks/outcome_block.html"
        value_class = OutcomeValue
        label = "Outcome"
        help_text = "What tends to happen for people who try this, with a comparison, certainty and a source."
        description = "An outcome figure (about N in 100 people), drawn as a picture of 100 people with its text."
        preview_value = {
            "people": 50,
            "outcome": "feel much better",
            "timeframe": "within 16 weeks",
            "comparison_people": 30,
            "comparison": "people who wait and see",
            "certainty": "low",
            "source": 1,
            "sample_figures": True,
        }


# --- Standard page body --------------------------------------------------------------


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)")],
        default="h2",
        help_text="Use H3 only under an H2, so screen reader users can follow the outline.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        help_text = "A heading that starts a new section."
        description = "A section heading (H2) or subsection heading (H3)."
        preview_value = {"text": "What the letters after a name mean", "level": "h2"}
        label = "Heading"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ul", "ol"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        help_text = "Plain-language text. Short sentences; aim for grade 8 or below."
        description = "Body text with bold, italics, links and lists."
        preview_value = "<p>A <b>psychiatrist</b> is a medical doctor who can diagnose and prescribe.</p>"
        label = "Paragraph"


class CalloutBlock(blocks.StructBlock):
    # Marked here, translated when the block renders (in the page's language).
    KIND_PREFIX = {
        "info": gettext_noop("Information:"),
        "important": gettext_noop("Important:"),
        "urgent": gettext_noop("Urgent advice:"),
    }

    kind = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("important", "Important"), ("urgent", "Urgent advice")],
        default="info",
    )
    heading = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["prefix"] = gettext(self.KIND_PREFIX[value.get("kind") or "info"])
        return context

    class Meta:
        icon = "doc-full"
        template = "blocks/callout_block.html"
        help_text = "A boxed message. The kind is read out before the heading, so it never relies on color."
        description = "A highlighted box: information, important, or urgent advice."
        preview_value = {
            "kind": "important",
            "heading": "Ask before you stop a medicine",
            "body": "<p>Stopping suddenly can cause side effects. Talk to your prescriber first.</p>",
        }
        label = "Callout"


class ResourceLinkValue(blocks.StructValue):
    @property
    def href(self) -> str:
        page = self.get("page")
        return page.url if page else self.get("url") or ""

    @property
    def is_external(self) -> bool:
        return not self.get("page") and bool(self.get("url"))


class ResourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or an address on another site. Not both.")
    description = blocks.CharBlock(required=False, max_length=240)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page on this site or enter an address, but not both."
            if not value.get("page") and not value.get("url"):
                message = "Choose a page on this site or enter an address."
            raise StructBlockValidationError(non_block_errors=[ValidationError(message)])
        return value

    class Meta:
        icon = "link"
        template = "blocks/resource_link_block.html"
        value_class = ResourceLinkValue
        help_text = "A link to a page here or a trusted outside resource, with one line saying why."
        description = "A link to a helpful page or resource."
        preview_value = {
            "title": "988 Suicide & Crisis Lifeline",
            "url": "https://988lifeline.org/",
            "description": "Free, confidential support, 24 hours a day.",
        }
        label = "Resource link"


class CrisisResourcesBlock(blocks.StructBlock):
    intro = blocks.CharBlock(
        required=False,
        max_length=240,
        help_text="Optional line above the numbers. The numbers themselves come from Settings → Portal.",
    )

    class Meta:
        icon = "warning"
        template = "blocks/crisis_resources_block.html"
        help_text = "Shows 911, the crisis line, text, chat and the outside-US line from the portal settings."
        description = "The crisis numbers, always up to date from the portal settings."
        preview_value = {"intro": "If you are in danger or thinking about suicide, help is available now."}
        label = "Crisis resources"


class StandardStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    resource_link = ResourceLinkBlock()
    crisis_resources = CrisisResourcesBlock()

    class Meta:
        block_counts = {"crisis_resources": {"max_num": 1}}
