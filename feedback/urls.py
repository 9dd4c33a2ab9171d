from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("<int:page_id>/", views.vote, name="vote"),
    path("comment/", views.comment, name="comment"),
]
