"""The AIModel admin: the edit page's form and the one write path, with source "admin".

Its parts: the form (forms), the change page's sections (fieldsets) and audit entries
(inlines), and the changelist's count, pages and search (changelist).

Django's flow, with the service in place of `obj.save()`: the form's validation runs the
service's checks as a dry run (a rule or a conflict with someone else's edit is a form
error, and nothing is written), and `save_model` writes through the service.
"""

from django.contrib import admin, messages
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.forms import ModelForm
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from modelhub.admin.actions import hide, make_private, make_public, restore
from modelhub.admin.aimodels.changelist import BoundedCountPaginator, IndexedSortChangeList, search_results
from modelhub.admin.aimodels.fieldsets import FORM_ONLY_FIELDS, OUTPUT_FIELDS, section_fieldsets
from modelhub.admin.aimodels.forms import AdminAIModelForm, SaveRefused
from modelhub.admin.aimodels.inlines import AuditEntryInline
from modelhub.admin.lifecycle import DeletedListFilter, SoftDeleteAdminMixin, purge_deleted, restore_deleted
from modelhub.forms import LABELS
from modelhub.models import AIModel, AuditSource, Hardware
from modelhub.models.aimodels import HEAVY_FIELDS
from modelhub.permissions import is_staff_moderator

__all__ = ["FORM_ONLY_FIELDS", "AIModelAdmin"]


@admin.register(AIModel)
class AIModelAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    form = AdminAIModelForm
    list_display = (
        "model_id",
        "namespace",
        "visibility",
        "moderation_state",
        "task",
        "definition",
        "region_name",
        "hardware_name",
        "has_image",
        "update_time",
        "delete_time",
    )
    list_filter = (
        DeletedListFilter,
        "visibility",
        "moderation_state",
        "task",
        "region",
        "model_definition",
        "namespace__kind",
    )
    list_select_related = ("namespace",)
    # The search box runs modelhub.search (get_search_results), not `icontains` on these:
    # words of the ID, description or tags; "namespace/words"; a UID (docs/architecture.md).
    # No search_help_text: Django ties it to the box with aria-describedby, and axe then takes
    # the box for one labelled by its description alone.
    search_fields = ("model_id",)
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    # Newest first, as the index (-create_time, uid) holds them; the other sorts offered are
    # the ID's and the last update's, each with its index.
    ordering = ("-create_time", "uid")
    sortable_by = ("model_id", "update_time")
    actions = (make_private, make_public, hide, restore, "delete_selected", restore_deleted, purge_deleted)
    inlines = (AuditEntryInline,)

    class Media:
        css = {"all": ("modelhub/admin.css",)}
        js = ("django_htmx/htmx.min.js", "js/aimodel_form.js")

    # --- reads -------------------------------------------------------------------

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("namespace")
        match = request.resolver_match
        if match and match.url_name == f"{self.opts.app_label}_{self.opts.model_name}_changelist":
            # The list shows no image, README or configuration: never load them.
            has_image = ExpressionWrapper(~Q(profile_image=""), output_field=BooleanField())
            # People read titles, not codes: the region's, the hardware's and the definition's, in the same query.
            hardware_title = Hardware.objects.filter(region=OuterRef("region"), value=OuterRef("hardware"))
            return qs.defer(*HEAVY_FIELDS).annotate(
                has_profile_image=has_image,
                region_title=F("region__title"),
                definition_title=F("model_definition__title"),
                hardware_title=Subquery(hardware_title.values("title")[:1]),
            )
        return qs.select_related("model_definition", "region")

    def get_changelist(self, request, **kwargs):
        return IndexedSortChangeList

    def get_search_results(self, request, queryset, search_term):
        return search_results(queryset, search_term), False

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return section_fieldsets(adding=True)
        fieldsets = (*section_fieldsets(adding=False), ("Output only", {"fields": OUTPUT_FIELDS}))
        if self.has_change_permission(request, obj):
            return fieldsets
        # View only: every field is shown read-only, so leave out the form's input-only fields.
        return tuple(
            (title, {"fields": tuple(f for f in options["fields"] if f not in FORM_ONLY_FIELDS)})
            for title, options in fieldsets
        )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("profile_image_preview", *OUTPUT_FIELDS)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and not self.has_change_permission(request, obj):
            kwargs["form"] = ModelForm  # view only: every field is shown read-only, nothing is parsed
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    # --- columns and read-only fields ---------------------------------------------

    @admin.display(description="Model definition", ordering="model_definition")
    def definition(self, aimodel):
        return getattr(aimodel, "definition_title", None) or aimodel.model_definition_id

    @admin.display(description="Region", ordering="region")
    def region_name(self, aimodel):
        return getattr(aimodel, "region_title", None) or aimodel.region_id

    @admin.display(description="Hardware", ordering="hardware")
    def hardware_name(self, aimodel):
        return getattr(aimodel, "hardware_title", None) or aimodel.hardware

    @admin.display(boolean=True, description="Image", ordering="has_profile_image")
    def has_image(self, aimodel):
        return aimodel.has_profile_image

    @admin.display(description="Owner")
    def owner_name(self, aimodel):
        return aimodel.namespace.owner_name

    @admin.display(description="Current image")
    def profile_image_preview(self, aimodel):
        uri = aimodel.profile_image
        if not uri:
            return "No image"
        if not uri.startswith("data:image/"):
            return "The stored value is not an image data URI."
        return format_html(
            '<img class="modelhub-thumbnail" src="{}" alt="Profile image of {}" width="128">', uri, aimodel.model_id
        )

    @admin.display(description="History")
    def full_history(self, aimodel):
        url = reverse("admin:modelhub_auditentry_changelist") + f"?aimodel__exact={aimodel.pk}"
        return format_html('<a href="{}">All audit entries of this model</a>', url)

    # --- writes: done by the service during validation (AdminAIModelForm); delete,
    # restore and purge through the lifecycle services (modelhub.admin.lifecycle) ---------

    def has_moderate_permission(self, request):
        return is_staff_moderator(request.user)

    def has_view_permission(self, request, obj=None):
        """Moderators read every model (spec section 5) and hide/restore from the list."""
        return self.has_moderate_permission(request) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self.has_moderate_permission(request) or super().has_module_permission(request)

    def save_form(self, request, form, change):
        return form.instance  # not saved here: save_model writes through the service

    def save_model(self, request, obj, form, change):
        """Write through the service, then make `obj` (the admin's object) the saved model."""
        form.result = form.submit(actor=request.user, source=AuditSource.ADMIN)
        if form.result is None:  # refused although the dry run passed: an ID taken meanwhile
            raise SaveRefused("; ".join(str(e) for errors in form.errors.values() for e in errors))
        obj.pk = form.result.aimodel.pk
        obj.refresh_from_db()
        obj._state.adding = False
        obj._admin_result = form.result

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRefused as exc:  # nothing was written: the transaction rolled back
            self.message_user(request, f"Nothing was saved: {exc}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_related(self, request, form, formsets, change):
        pass  # no many-to-many fields; the audit inline is read-only

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return [{"added": {}}]
        fields = [LABELS[field] for field in form.result.changed_fields]
        return [{"changed": {"fields": fields}}] if fields else []

    def response_change(self, request, obj):
        result = getattr(obj, "_admin_result", None)
        if result is not None and not result.changed:
            self.message_user(request, f"Nothing changed in “{obj}”; nothing was saved.", messages.INFO)
            return HttpResponseRedirect(request.path)
        if result is not None:
            saved = ", ".join(LABELS[field] for field in sorted(result.changed_fields, key=list(LABELS).index))
            request._modelhub_saved_message = f"Saved {obj}: {saved}."  # instead of Django's own, not beside it
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        """One message per save: Django's "was changed successfully" becomes what was saved."""
        saved = getattr(request, "_modelhub_saved_message", None)
        if saved and level == messages.SUCCESS:
            message, request._modelhub_saved_message = saved, None
        super().message_user(request, message, level, *args, **kwargs)
