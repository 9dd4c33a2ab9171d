import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from feedback.models import PageFeedback, Status
from feedback.selectors import month_start

MAX_MONTHS = 36


class FeedbackFilterForm(forms.Form):
    """The report's filters. Dates count in whole months (see feedback.selectors)."""

    start = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}), help_text="Counted from the 1st of its month."
    )
    end = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}), help_text="Counted to the end of its month."
    )
    language = forms.ChoiceField(required=False)
    page = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, today=None, **kwargs):
        today = today or timezone.localdate()
        defaults = {"start": month_start(today - datetime.timedelta(days=150)), "end": today}
        if data is not None:
            data = data.copy()
            for name, value in defaults.items():
                if not data.get(name):
                    data[name] = value.isoformat()
        super().__init__(data, initial=defaults, **kwargs)
        self.fields["language"].choices = [("", "All languages"), *settings.LANGUAGES]
        pages = Page.objects.filter(pk__in=PageFeedback.objects.values("page_id")).order_by("title")
        self.fields["page"].choices = [("", "All pages"), *((p.pk, f"{p.title} ({p.pk})") for p in pages)]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", "“To” must be on or after “From”.")
            elif (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
                self.add_error("start", f"Choose at most {MAX_MONTHS} months.")
        return data


class TriageForm(WagtailAdminModelForm):
    """What an editor may change on a comment: its status and the revision that fixed it."""

    class Meta:
        model = PageFeedback
        fields = ["status", "fixed_in"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wagtail.models import Revision

        self.fields["status"].choices = Status.choices
        page = self.instance.page if self.instance.pk else None
        # A fix comes after the comment: only this page's revisions from the comment's day on.
        self.fields["fixed_in"].queryset = (
            Revision.page_revisions.filter(object_id=str(page.pk), created_at__date__gte=self.instance.day).order_by(
                "-created_at"
            )
            if page
            else Revision.objects.none()
        )
        self.fields["fixed_in"].label_from_instance = lambda r: f"Revision {r.pk}, {r.created_at:%d %b %Y}"

    def clean(self):
        data = super().clean()
        if data.get("fixed_in") and data.get("status") != Status.ACTED_ON:
            self.add_error("fixed_in", "Link a fixing revision only to a comment marked “Acted on”.")
        return data
