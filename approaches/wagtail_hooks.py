from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from approaches.models import Condition, ProviderType, Story


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "tag"
    menu_label = "Conditions"
    list_display = ["name", "slug", LiveStatusTagColumn(), UpdatedAtColumn()]
    search_fields = ["name", "description"]
    list_export = ["name", "slug", "description"]


class ProviderTypeViewSet(SnippetViewSet):
    model = ProviderType
    icon = "user"
    menu_label = "Provider types"
    list_display = ["name", "credentials", LiveStatusTagColumn(), UpdatedAtColumn()]
    search_fields = ["name", "credentials", "description"]
    list_export = ["name", "credentials", "description"]


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "openquote"
    menu_label = "Personal stories"
    list_display = ["__str__", "approach", "consent_given", LiveStatusTagColumn(), UpdatedAtColumn()]
    list_filter = ["consent_given", "is_demo_content"]
    search_fields = ["text"]
    list_export = ["first_name", "approach", "text", "consent_given", "consent_date", "consent_recorded_by"]


class ApproachLibraryGroup(SnippetViewSetGroup):
    menu_label = "Approach library"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ConditionViewSet, ProviderTypeViewSet, StoryViewSet)


register_snippet(ApproachLibraryGroup)
