"""The AIModel admin's change page: the newest audit entries, read-only."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string

from modelhub.admin.read_only import ReadOnlyAdminMixin
from modelhub.models import AuditEntry
from modelhub.web.display import catalog_titles
from modelhub.web.history import action_label, field_changes

AUDIT_INLINE_LIMIT = 20


class RecentAuditFormSet(BaseInlineFormSet):
    """Only the newest AUDIT_INLINE_LIMIT entries (the model's ordering is newest first)."""

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self._queryset = super().get_queryset()[:AUDIT_INLINE_LIMIT]
        return self._queryset


class AuditEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AuditEntry
    formset = RecentAuditFormSet
    verbose_name_plural = f"Audit trail (newest first, latest {AUDIT_INLINE_LIMIT})"
    fields = ("create_time", "what", "by", "source", "changes_shown", "message")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description="What")
    def what(self, entry):
        return action_label(entry.action)

    @admin.display(description="By")
    def by(self, entry):
        return entry.actor.get_username() if entry.actor else "the system"

    @admin.display(description="Changes")
    def changes_shown(self, entry):
        """The changes as the history page shows them: labels, titles and line diffs."""
        if not hasattr(self, "_titles"):
            self._titles = catalog_titles()  # one query per page, not per entry
        changes = field_changes(entry, self._titles)  # hardware named by any region that has it
        return render_to_string("admin/modelhub/auditentry/_changes.html", {"changes": changes})
