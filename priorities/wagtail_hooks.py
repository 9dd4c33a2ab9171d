from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from priorities.models import ApproachFit, PriorityList


class PriorityListViewSet(SnippetViewSet):
    model = PriorityList
    icon = "list-ul"
    menu_label = "Statements"
    list_display = ["__str__", UpdatedAtColumn(), LiveStatusTagColumn()]


class ApproachFitViewSet(SnippetViewSet):
    model = ApproachFit
    icon = "link"
    menu_label = "Approaches and what matters"
    list_display = ["__str__", UpdatedAtColumn(), LiveStatusTagColumn()]


class WhatMattersGroup(SnippetViewSetGroup):
    items = (PriorityListViewSet, ApproachFitViewSet)
    menu_icon = "list-ul"
    menu_label = "What matters to you"
    menu_name = "what-matters"


register_snippet(WhatMattersGroup)
