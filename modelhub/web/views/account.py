"""The signed-in user's account page: their pending invitations to organizations, to accept or
decline. An invitation grants nothing until it is accepted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from modelhub.models import Membership
from modelhub.selectors import invitations_for
from modelhub.services import OrganizationRefused, membership_accept, membership_decline


@login_required
@require_http_methods(["GET"])
def account(request):
    """The signed-in user's account: their pending invitations, to accept or decline."""
    return render(request, "modelhub/account.html", {"invitations": invitations_for(request.user)})


def _own_invitation(request, membership_id: int) -> Membership:
    return get_object_or_404(invitations_for(request.user).select_related("namespace", "user"), pk=membership_id)


@login_required
@require_http_methods(["POST"])
def invitation_answer(request, membership_id: int):
    """Accept (`answer=accept`) or decline an invitation of the signed-in user."""
    invitation = _own_invitation(request, membership_id)
    namespace = invitation.namespace
    try:
        if request.POST.get("answer") == "accept":
            membership_accept(membership=invitation, actor=request.user, source="web")
            messages.success(
                request, f"You joined {namespace.namespace_id} as {invitation.get_role_display().lower()}."
            )
            return redirect(namespace)
        membership_decline(membership=invitation, actor=request.user, source="web")
    except OrganizationRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("account")
    messages.success(request, f"Declined the invitation to {namespace.namespace_id}.")
    return redirect("account")
