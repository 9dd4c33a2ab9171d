"""API keys in the Wagtail admin (Settings → API keys), for site admins: issue a key to a named
partner (shown once, on the screen that issues it), revoke it, see when it was last used."""

from django import forms
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from api import services
from api.models import APIKey


class APIKeyForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        required=False,
        label="Revoke this key",
        help_text="The partner's requests with it fail at once. This cannot be undone: issue a new key instead.",
    )

    class Meta:
        model = APIKey
        fields = ["partner_name", "contact_email", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk or not self.instance.is_active:
            del self.fields["revoke"]


class CreateKeyView(generic.CreateView):
    def save_instance(self):
        key = self.form.instance
        key.created_by = self.request.user
        self.issued = services.assign_new_secret(key=key)
        return super().save_instance()

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code != 302:
            return response
        # The key itself, once: only its hash is kept, so nobody can see it again.
        shown = TemplateResponse(
            self.request,
            "api/apikey_issued.html",
            {
                "key": self.object,
                "secret": self.issued,
                "index_url": self.get_success_url(),
                "header_title": "API key issued",
            },
        )
        shown["Cache-Control"] = "no-store"
        return shown


class EditKeyView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            services.revoke_key(key=instance)
        return instance


class APIKeyViewSet(ModelViewSet):
    model = APIKey
    form_class = APIKeyForm
    icon = "key"
    menu_label = "API keys"
    add_to_settings_menu = True
    copy_view_enabled = False
    add_view_class = CreateKeyView
    edit_view_class = EditKeyView
    search_fields = ["partner_name", "contact_email"]
    list_filter = ["revoked_at"]

    def get_form_class(self, for_update=False):
        return APIKeyForm

    @property
    def list_display(self):
        return [
            "partner_name",
            Column("shown_key", label="Key"),
            Column("status", label="Status", accessor=lambda key: "Active" if key.is_active else "Revoked"),
            DateColumn("created_at", label="Issued"),
            DateColumn("last_used_at", label="Last used"),
        ]


@hooks.register("register_admin_viewset")
def register_api_keys():
    return APIKeyViewSet("api_keys")
