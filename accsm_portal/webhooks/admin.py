"""The secretariat's pages for webhooks: subscriptions (with the secret shown once), the
deliveries with every attempt and a redeliver action, and each partner token's subscriptions."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accsm_portal.core.admin_base import ReadOnlyTabularInline
from accsm_portal.webhooks.models import (
    DeliveryAttempt,
    Event,
    WebhookDelivery,
    WebhookSubscription,
)
from accsm_portal.webhooks.services import delivery_redeliver, subscription_rotate_secret
from accsm_portal.webhooks.types import subscribable_types


class WebhookSubscriptionForm(forms.ModelForm):
    record_types = forms.MultipleChoiceField(
        label=_("record types"),
        choices=lambda: [
            (t.event_name, t.model._meta.verbose_name_plural) for t in subscribable_types()
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    events = forms.MultipleChoiceField(
        label=_("events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
    target_url = forms.URLField(label=_("target address"), max_length=500, assume_scheme="https")

    class Meta:
        model = WebhookSubscription
        fields = ("name", "token", "target_url", "record_types", "events", "language", "is_active")


def _show_secret(request: HttpRequest, subscription: WebhookSubscription, secret: str) -> None:
    messages.warning(
        request,
        _(
            "The signing secret of “%(name)s”, shown only this once: %(secret)s — give it to "
            "the partner now."
        )
        % {"name": subscription.name, "secret": secret},
    )


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(SimpleHistoryAdmin):
    form = WebhookSubscriptionForm
    list_display = (
        "name",
        "token",
        "target_url",
        "language",
        "is_active",
        "failing_since",
        "pending_count",
    )
    list_filter = ("is_active", ("failing_since", admin.EmptyFieldListFilter))
    list_select_related = ("token",)
    search_fields = ("name", "target_url")
    readonly_fields = ("failing_since", "created_at", "updated_at")
    actions = ["rotate_secret", "clear_failing"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        pending = Q(deliveries__status=WebhookDelivery.Status.PENDING)
        return super().get_queryset(request).annotate(pending=Count("deliveries", filter=pending))

    @admin.display(description=_("waiting deliveries"), ordering="pending")
    def pending_count(self, obj: WebhookSubscription) -> int:
        return obj.pending

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            _show_secret(request, obj, obj.secret)

    @admin.action(description=_("Rotate the signing secret (the old one stays valid for a day)"))
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet) -> None:
        for subscription in queryset:
            _show_secret(
                request, subscription, subscription_rotate_secret(subscription=subscription)
            )

    @admin.action(description=_("Mark as no longer failing"))
    def clear_failing(self, request: HttpRequest, queryset: QuerySet) -> None:
        for subscription in queryset.exclude(failing_since=None):
            subscription.failing_since = None
            subscription.save()
        messages.success(request, _("The selected subscriptions are no longer marked failing."))


class DeliveryAttemptInline(ReadOnlyTabularInline):
    model = DeliveryAttempt
    fields = ("at", "status_code", "duration_ms", "error", "response_excerpt")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "event_type",
        "subscription",
        "status",
        "attempt_count",
        "created_at",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "subscription")
    list_select_related = ("subscription",)
    fields = (
        "uid",
        "subscription",
        "event_type",
        "status",
        "attempt_count",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "body",
    )
    readonly_fields = fields
    inlines = [DeliveryAttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Deliver again"), permissions=["change"])
    def redeliver(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = delivery_redeliver(deliveries=list(queryset.order_by("pk")))
        messages.success(
            request,
            ngettext(
                "%(count)d delivery will be sent again.",
                "%(count)d deliveries will be sent again.",
                count,
            )
            % {"count": count},
        )


class WebhookSubscriptionInline(ReadOnlyTabularInline):
    """On an API token's page (accsm_portal/admin.py). Shown to whoever may view
    subscriptions: the secretariat editors and the partner manager (core/roles.py)."""

    model = WebhookSubscription
    fields = ("name", "target_url", "language", "is_active", "failing_since")
    show_change_link = True
