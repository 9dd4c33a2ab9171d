from django.urls import path, re_path

from api import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("approaches", views.approaches, name="approaches"),
    path("approaches/<str:page_id>", views.approach, name="approach"),
    path("conditions", views.conditions, name="conditions"),
    path("provider-types", views.provider_types, name="provider_types"),
    path("get-help", views.get_help, name="get_help"),
    # Anything else under /api/v1/ is a JSON 404, never the patient 404 page.
    re_path(r"^.*$", views.not_found),
]
