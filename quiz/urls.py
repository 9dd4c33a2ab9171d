from django.urls import path

from quiz import views

app_name = "quiz"

# Under /quiz/ beside the QuizPage (which has no child pages), so steps skip page routing.
urlpatterns = [
    path("start/<int:page_id>/", views.start, name="start"),
    path("step/<slug:key>/", views.step, name="step"),
    path("results/", views.results, name="results"),
    path("sure/", views.sure, name="sure"),
    path("retake/", views.retake, name="retake"),
    path("suggestion/<int:rank>/", views.follow_suggestion, name="follow"),
]
