"""The admin page of partner systems' API tokens: issue (the secret is shown once), list with
the last use, revoke. Only staff in the partner_manager role (core/roles.py) or superusers see
it: model permissions on accsm_portal.ApiToken decide, as for every admin page."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accsm_portal.core.roles import PARTNER
from accsm_portal.models import ApiToken
from accsm_portal.services import api_token_check, api_token_issue, api_token_revoke
from accsm_portal.webhooks.admin import WebhookSubscriptionInline


class ApiTokenIssueForm(forms.ModelForm):
    """Who receives the token and which system uses it; the key and secret are generated."""

    class Meta:
        model = ApiToken
        fields = ("user", "name", "expires_at")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # issuing; on an issued token every field is read-only
            self.fields["user"].queryset = (
                get_user_model().objects.filter(groups__name=PARTNER).order_by("username")
            )
            self.fields["user"].help_text = _("A partner account (the “partner” role).")

    def clean(self) -> dict:
        # The service's rules, so a mistake is shown on the form, translated (never a 500).
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None and not self.errors:
            try:
                api_token_check(
                    user=user, name=cleaned.get("name", ""), expires_at=cleaned.get("expires_at")
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    form = ApiTokenIssueForm
    list_display = ("name", "user", "token_prefix", "state", "created_at", "last_used_at")
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("name", "key_id", "user__username")
    actions = ["revoke_selected"]
    issued_template = "admin/accsm/api_token_issued.html"

    def get_inlines(self, request: HttpRequest, obj: ApiToken | None = None):
        # A token's page lists the webhook subscriptions that read with it; a new token has none.
        return [WebhookSubscriptionInline] if obj is not None else []

    readonly_fields = (
        "user",
        "name",
        "token_prefix",
        "state",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )

    @admin.display(description=_("token begins"))
    def token_prefix(self, token: ApiToken) -> str:
        return f"accsm_{token.key_id}_…"

    @admin.display(description=_("state"))
    def state(self, token: ApiToken) -> str:
        if token.revoked_at is not None:
            return gettext("revoked")
        return gettext("active") if token.is_active else gettext("expired")

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None):
        # Issuing asks for the account, name and expiry; afterwards a token is only revoked.
        return () if obj is None else self.readonly_fields

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None):
        return ("user", "name", "expires_at") if obj is None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        # Revoked, never deleted: the list keeps which partner had which token, and when.
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:  # nothing on a token is edited; revoking is the action below
            return
        token, text = api_token_issue(user=obj.user, name=obj.name, expires_at=obj.expires_at)
        obj.pk, obj.key_id = token.pk, token.key_id
        # Kept on this request only, for the answer page: it is stored nowhere, so it can never
        # be shown again.
        request.issued_token_text = text

    def save_related(self, request, form, formsets, change) -> None:
        return None

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue=None):
        token = ApiToken.objects.select_related("user").get(pk=obj.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("API token issued"),
            "opts": self.model._meta,
            "token": token,
            "token_text": request.issued_token_text,
        }
        response: HttpResponse = TemplateResponse(request, self.issued_template, context)
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset) -> None:
        count = sum(api_token_revoke(token=token) for token in queryset)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# The admin's home page shows the signed-in editor's own backlog above Django's list of record
# kinds (accsm_portal/admin_home.py).
admin.site.index_template = "admin/accsm/index.html"
