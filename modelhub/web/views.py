"""Placeholder pages until the browser dashboard lands (issue: browser dashboard)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from modelhub.permissions import can_view
from modelhub.selectors import aimodel_with_role, aimodels_visible_to


@require_http_methods(["GET"])
def aimodel_list(request):
    return render(request, "modelhub/aimodel_list.html", {"aimodels": aimodels_visible_to(request.user)[:50]})


@require_http_methods(["GET"])
def aimodel_detail(request, namespace_id: str, model_id: str):
    aimodel = aimodel_with_role(request.user, namespace_id, model_id)
    if aimodel is None or not can_view(request.user, aimodel, aimodel.caller_role):
        raise Http404("No such model.")
    return render(request, "modelhub/aimodel_detail.html", {"aimodel": aimodel})
