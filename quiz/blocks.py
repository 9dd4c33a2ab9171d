"""Blocks for quiz options: how strongly an answer points toward an approach or a support level."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock


class ApproachWeightBlock(blocks.StructBlock):
    approach = blocks.PageChooserBlock(page_type="approaches.ApproachPage")
    weight = blocks.IntegerBlock(
        default=1,
        min_value=-5,
        max_value=5,
        help_text="How strongly this answer points toward the approach: 1 a little, 5 a lot, negative away from it.",
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/approach_weight_block.html"
        help_text = "Points this answer gives an approach page when the quiz picks its top three."
        description = "Weight toward an approach page."
        preview_value = {"approach": None, "weight": 2}
        label = "Approach weight"


class SupportWeightBlock(blocks.StructBlock):
    support_level = SnippetChooserBlock("quiz.SupportLevel")
    weight = blocks.IntegerBlock(default=1, min_value=-5, max_value=5)
    at_least = blocks.BooleanBlock(
        required=False,
        label="At least this level",
        help_text="Tick when this answer means the patient needs this much support or more, whatever "
        "their other answers add up to. Urgent levels always work this way.",
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("at_least") and (value.get("weight") or 0) <= 0:
            raise StructBlockValidationError(
                block_errors={
                    "weight": ValidationError("“At least this level” needs a positive weight toward the level.")
                }
            )
        return value

    class Meta:
        icon = "time"
        template = "blocks/support_weight_block.html"
        help_text = "Points this answer gives a support level (pace). The level with most points is suggested."
        description = "Weight toward a support level."
        preview_value = {"support_level": None, "weight": 1, "at_least": False}
        label = "Support level weight"


class OptionWeightsStreamBlock(blocks.StreamBlock):
    approach = ApproachWeightBlock()
    support_level = SupportWeightBlock()
