"""The approaches app's models, one module per kind: the reviewed snippets, personal stories, the
links from approach pages to snippets, and the pages. Imported from here everywhere outside this
package; inside it, each module imports its siblings directly (a sibling importing this package
would import itself back).

Snippets, stories and links name no page class (a story or a link names its page by its label),
so approaches.queries can read them, and the page models (about < approach_pages < pages) read
through approaches.queries for their templates.
"""

from approaches.models.about import AboutInformationPage
from approaches.models.approach_pages import (
    DECISION_HELP,
    PACE_HEADING,
    PACE_TEXT,
    QUESTIONS_INTRO,
    ApproachIndexPage,
    ApproachPage,
)
from approaches.models.links import ApproachCondition, ApproachProviderType
from approaches.models.pages import HomePage, StandardPage
from approaches.models.snippets import Condition, ProviderType, ReviewedSnippet
from approaches.models.stories import Story

__all__ = [
    "DECISION_HELP",
    "PACE_HEADING",
    "PACE_TEXT",
    "QUESTIONS_INTRO",
    "AboutInformationPage",
    "ApproachCondition",
    "ApproachIndexPage",
    "ApproachPage",
    "ApproachProviderType",
    "Condition",
    "HomePage",
    "ProviderType",
    "ReviewedSnippet",
    "StandardPage",
    "Story",
]
