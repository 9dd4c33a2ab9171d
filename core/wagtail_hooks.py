from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.models import PortalWording


class PortalWordingViewSet(SnippetViewSet):
    model = PortalWording
    icon = "warning"
    menu_label = "Portal wording"
    menu_order = 190
    add_to_admin_menu = True
    list_display = ["__str__", "crisis_line_name", LiveStatusTagColumn(), UpdatedAtColumn()]
    list_export = ["crisis_line_name", "crisis_language_call", "crisis_language_text", "outside_us_text", "disclaimer"]


register_snippet(PortalWordingViewSet)
