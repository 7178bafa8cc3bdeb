"""The API tokens page: create (the secret is shown once), revoke, and the user's recent API requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from modelhub.models import ApiRequest, ApiToken
from modelhub.services import token_create, token_revoke

RECENT_REQUESTS_SHOWN = 25


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    new_token = None
    if request.method == "POST":
        # The secret is shown in this answer and kept nowhere (no session, no redirect): only
        # its hash is stored. The answer itself must not be cached either.
        token, raw = token_create(user=request.user, name=request.POST.get("name", ""))
        new_token = {"id": token.pk, "raw": raw, "name": token.name}  # the page's one "copy it now" box
    context = {
        "new_token": new_token,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-create_time", "-id"),
        "api_requests": ApiRequest.objects.filter(user=request.user)
        .select_related("token")
        .order_by("-create_time", "-id")[:RECENT_REQUESTS_SHOWN],
    }
    response = render(request, "modelhub/token_list.html", context)
    if new_token:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["POST"])
def token_revoke_view(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    token_revoke(token=token)
    messages.success(request, f"Revoked the token “{token.name}”; it no longer works.")
    return redirect("token-list")
