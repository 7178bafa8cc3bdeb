"""A namespace's page: its name and kind, its models the visitor may see, an organization's members."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from modelhub import search
from modelhub.models import Namespace, Role
from modelhub.permissions import can_edit, can_manage_members, can_manage_webhooks, is_staff_moderator
from modelhub.selectors import (
    aimodels_of_namespace_visible_to,
    members_shown_to,
)
from modelhub.web.access import known_namespace, thumbnail_url
from modelhub.web.display import catalog_titles
from modelhub.web.filters import AIModelFilterForm, with_has_image
from modelhub.web.paging import bounded_count, keyset_page, listing_scope
from modelhub.web.views.browse import MODELS_PER_PAGE

MEMBERS_SHOWN = 100


def canonical_namespace_redirect(request, namespace: Namespace) -> HttpResponsePermanentRedirect | None:
    """A 301 to the same page with the namespace's ID as stored, when the URL spelled it in other letter case."""
    match = request.resolver_match
    if match is None or match.kwargs.get("namespace_id") == namespace.namespace_id:
        return None
    url = reverse(match.view_name, kwargs={**match.kwargs, "namespace_id": namespace.namespace_id})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@require_http_methods(["GET"])
def namespace_detail(request, namespace_id: str):
    namespace = known_namespace(request, namespace_id)
    if moved := canonical_namespace_redirect(request, namespace):
        return moved
    filter_form = AIModelFilterForm(request.GET)
    queryset = with_has_image(filter_form.filtered(aimodels_of_namespace_visible_to(request.user, namespace)))
    top = search.top_id_matches(queryset, filter_form.search)
    page = keyset_page(queryset, request.GET, MODELS_PER_PAGE, filter_form.order, top=top, scope=listing_scope(request))
    titles = catalog_titles()
    for aimodel in page:
        aimodel.namespace = namespace
        titles.label(aimodel)
        aimodel.thumbnail_url = thumbnail_url(aimodel) if aimodel.has_image else ""
    count, more = bounded_count(queryset)
    role = namespace.caller_role
    context = {
        "namespace": namespace,
        "page": page,
        "count": count,
        "count_is_more": more,
        "filter_form": filter_form,
        "filtered": any(request.GET.get(key) for key in ("q", "task", "visibility")),
        "members": list(members_shown_to(request.user, namespace)[:MEMBERS_SHOWN]) if namespace.is_organization else [],
        "role": role,
        "role_label": Role(role).label if role in Role.values else "",
        "can_create": can_edit(request.user, role),
        "sees_settings": namespace.is_organization and (role is not None or request.user.is_superuser),
        "sees_history": namespace.is_organization and can_manage_members(request.user, role),
        "sees_deleted": can_edit(request.user, role) or is_staff_moderator(request.user),
        "sees_webhooks": can_manage_webhooks(request.user, role),
    }
    return render(request, "modelhub/namespace_detail.html", context)
