from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

MIN_STATEMENTS, MAX_STATEMENTS = 5, 8


class PriorityListForm(WagtailAdminModelForm):
    """5–8 statements, on drafts too (Wagtail relaxes a formset's min_num when saving a draft,
    and a reviewer should never be sent a list patients could not be shown), with unique names:
    approach data and the patient's address use them."""

    def clean(self):
        cleaned = super().clean()
        kept, seen = [], set()
        for form in self.formsets["statements"].forms:
            form.is_valid()  # so cleaned_data exists, even on a form with errors
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or (form.instance.pk is None and not form.has_changed()):
                continue
            kept.append(form)
            key = data.get("key")
            if key and key in seen:
                form.add_error("key", ValidationError("Another statement already has this name. Give each its own."))
                self.add_error(None, "Two statements have the same name. Give each its own.")
            seen.add(key)
        if not MIN_STATEMENTS <= len(kept) <= MAX_STATEMENTS:
            self.add_error(None, f"Give the list {MIN_STATEMENTS} to {MAX_STATEMENTS} statements; it has {len(kept)}.")
        return cleaned
