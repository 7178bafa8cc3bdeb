"""Webhooks and their delivery log, read-only: the namespace's owners manage them on its Webhooks
page and over the API (the secret never appears here)."""

from django.contrib import admin

from modelhub.admin.read_only import ReadOnlyAdminMixin
from modelhub.models import Webhook, WebhookAttempt, WebhookDelivery


@admin.register(Webhook)
class WebhookAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("url", "namespace", "active", "failing_since", "create_time")
    list_filter = ("active",)
    list_select_related = ("namespace",)
    search_fields = ("url", "description", "namespace__namespace_id")
    fields = ("namespace", "url", "description", "events", "active", "disabled_reason", "failing_since")
    fields += ("created_by", "create_time", "update_time")
    readonly_fields = fields


class WebhookAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WebhookAttempt
    fields = ("create_time", "status_code", "error", "duration_ms", "response_excerpt")
    readonly_fields = fields
    extra = 0


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("create_time", "event", "status", "attempts", "webhook", "next_attempt_time")
    list_filter = ("status", "event")
    list_select_related = ("webhook", "webhook__namespace")
    search_fields = ("webhook__url", "webhook__namespace__namespace_id")
    fields = ("webhook", "event", "status", "attempts", "create_time", "next_attempt_time", "retry_until", "payload")
    readonly_fields = fields
    inlines = (WebhookAttemptInline,)
    show_full_result_count = False
