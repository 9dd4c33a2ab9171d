"""“What matters to you”: the scale and one person's answers, read from the address alone.

Plain data with no database reads of its own, so the models (the list's preview) and the
selectors can both use it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# The scale, lowest first; the value is what the address carries (?p-start-soon=2).
SCALE = (
    ("0", _("Doesn’t matter to me")),
    ("1", _("Matters a bit")),
    ("2", _("Matters a lot")),
)
SCALE_WORDS = dict(SCALE)
PREFIX = "p-"  # answer fields: p-<statement name>


@dataclass(frozen=True)
class Rated:
    key: str
    text: str
    value: str  # "0", "1", "2"

    @property
    def words(self):
        return SCALE_WORDS[self.value]

    @property
    def matters(self) -> bool:
        return self.value != "0"


@dataclass
class Exercise:
    """The list and what the address says about it: each statement with its answer, if any, and
    the answers that are not on the scale (a tampered or outdated link)."""

    priority_list: object | None  # a PriorityList
    rated: list[Rated] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, priority_list, query) -> "Exercise":
        if priority_list is None:
            return cls(None)
        rated, invalid = [], []
        for statement in priority_list.statements.all():
            value = query.get(PREFIX + statement.key)
            if value is None or value == "":
                continue
            if value not in SCALE_WORDS:
                invalid.append(statement.key)
                continue
            rated.append(Rated(statement.key, statement.text, value))
        return cls(priority_list, rated, invalid)

    @property
    def statements(self):
        """(statement, field name, chosen value) for the form."""
        chosen = {r.key: r.value for r in self.rated}
        return [(s, PREFIX + s.key, chosen.get(s.key, "")) for s in self.priority_list.statements.all()]

    @property
    def answered(self) -> bool:
        return bool(self.rated)

    def query_pairs(self) -> list[tuple[str, str]]:
        """The answers as address fields, to carry them to the questions sheet and back."""
        return [(PREFIX + r.key, r.value) for r in self.rated]
