from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm


class PriorityListForm(WagtailAdminModelForm):
    """Statement names are unique in a list: approach data and the patient's address use them."""

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for form in self.formsets["statements"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            key = data.get("key")
            if not key or data.get("DELETE"):
                continue
            if key in seen:
                form.add_error("key", ValidationError("Another statement already has this name. Give each its own."))
            seen.add(key)
        return cleaned
