"""Sources and outcome figures on approach pages: footnote markers and icon arrays.

Kept apart from blocks.py so the block definitions stay short; nothing here touches the
database. The decision-aid rules (decision_aid/rules.py) read the same helpers, so what the
patient sees and what the checklist counts cannot drift apart.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from wagtail import blocks

# "[1]" or "[2]" in a section's text points at that entry under Sources.
MARKER = re.compile(r"\[(\d{1,2})\]")


def markers_in(text: str) -> list[int]:
    return [int(n) for n in MARKER.findall(text or "")]


def link_markers(text: str) -> str:
    """Escaped `text` with each marker as a link to its source (a superscript, named for screen readers)."""

    def link(match):
        number = match.group(1)
        label = escape(gettext("Source %(number)s") % {"number": number})
        return f'<sup class="footnote"><a href="#source-{number}" aria-label="{label}">[{number}]</a></sup>'

    return mark_safe(MARKER.sub(link, escape(text or "")))


def strip_markers(text: str) -> str:
    """Text for places without the Sources list (cards, search results, the reading grade)."""
    return re.sub(r"\s*" + MARKER.pattern, "", text or "")


# --- Icon arrays -----------------------------------------------------------------------

COLUMNS, ROWS, CELL = 10, 10, 16


@dataclass(frozen=True)
class Icon:
    x: int
    y: int
    filled: bool


def icon_array(people: int) -> list[Icon]:
    """100 icons, row by row, the first `people` filled: the layout readers compare best."""
    people = max(0, min(100, int(people or 0)))
    return [
        Icon(x=(i % COLUMNS) * CELL + CELL // 2, y=(i // COLUMNS) * CELL + CELL // 2, filled=i < people)
        for i in range(COLUMNS * ROWS)
    ]


_FILLED = 'fill="currentColor"'
_EMPTY = 'fill="none" stroke="currentColor" stroke-width="1.5"'


def icon_marks(people: int) -> str:
    """The array's 100 circles as SVG markup. Built here, not in a template loop: 200 circles
    through the template engine (each number localized) were a third of an approach page's render."""
    return mark_safe(
        "".join(
            f'<circle cx="{icon.x}" cy="{icon.y}" r="5.5" {_FILLED if icon.filled else _EMPTY}/>'
            for icon in icon_array(people)
        )
    )


CERTAINTY_WORDS = {
    "high": pgettext_lazy("outcome certainty", "We are fairly sure. Further research is unlikely to change this."),
    "moderate": pgettext_lazy("outcome certainty", "We are moderately sure. Further research may change this."),
    "low": pgettext_lazy("outcome certainty", "We are not very sure. Further research is likely to change this."),
}


class OutcomeValue(blocks.StructValue):
    """What the outcome template shows, worked out here rather than in the template."""

    size = COLUMNS * CELL

    def sentence(self) -> str:
        return gettext("About %(people)d in 100 people %(outcome)s %(timeframe)s.") % {
            "people": self.get("people") or 0,
            "outcome": (self.get("outcome") or "").strip(),
            "timeframe": (self.get("timeframe") or "").strip(),
        }

    def comparison_sentence(self) -> str:
        if self.get("comparison_people") is None:
            return gettext("Compared with %(comparison)s.") % {"comparison": (self.get("comparison") or "").strip()}
        return gettext("Compared with about %(people)d in 100 %(comparison)s.") % {
            "people": self.get("comparison_people"),
            "comparison": (self.get("comparison") or "").strip(),
        }

    def certainty_words(self) -> str:
        return str(CERTAINTY_WORDS.get(self.get("certainty") or "low", CERTAINTY_WORDS["low"]))

    def icon_marks(self) -> str:
        return icon_marks(self.get("people"))

    def comparison_icon_marks(self) -> str:
        people = self.get("comparison_people")
        return icon_marks(people) if people is not None else ""
