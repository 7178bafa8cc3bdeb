"""`{% moderation_panel aimodel user can_edit %}`: the moderation part of a model's page.

Self-contained, so the detail page only includes it: signed-in outsiders get the
"Report" form on public models; the owner (members who may edit) and staff see the
moderation state and the moderators' notes; moderators get a link to the model's
moderation page. At most two queries.
"""

from django import template
from django.contrib.auth.models import AnonymousUser

from modelhub.models import ModerationNote, Report, ReportStatus
from modelhub.moderation.forms import ReportForm
from modelhub.permissions import can_edit as may_edit
from modelhub.permissions import is_staff_moderator
from modelhub.selectors import role_in_namespace

register = template.Library()

NOTES_SHOWN = 10
_UNKNOWN = object()


def _role(aimodel, user):
    role = getattr(aimodel, "caller_role", _UNKNOWN)
    return role_in_namespace(user, aimodel.namespace) if role is _UNKNOWN else role


@register.filter
def staff_moderator(user) -> bool:
    """`{% if user|staff_moderator %}`: the staff rule of modelhub.permissions, for templates."""
    return bool(getattr(user, "is_authenticated", False)) and is_staff_moderator(user)  # no user: a bare error page


@register.inclusion_tag("moderation/_panel.html", takes_context=True)
def moderation_panel(context, aimodel, user=None, can_edit=None):
    user = user or context.get("user") or AnonymousUser()
    signed_in = user.is_authenticated
    moderator = is_staff_moderator(user)
    role = _role(aimodel, user) if signed_in else None
    editor = can_edit if isinstance(can_edit, bool) else may_edit(user, role)
    public = aimodel.is_public
    panel = {
        "aimodel": aimodel,
        "user": user,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "public": public,
        "moderator": moderator,
        "show_state": editor or moderator,
        "notes": [],
        "open_reports": 0,
        "can_report": signed_in and public and role is None and not moderator,
        "already_reported": False,
        "report_form": None,
        # The detail page puts a "Report" action in its header (the report page): no second form here.
        "report_in_header": bool(context.get("report_in_header")),
    }
    if panel["show_state"]:
        panel["notes"] = list(ModerationNote.objects.filter(aimodel=aimodel).select_related("author")[:NOTES_SHOWN])
    if moderator:
        panel["open_reports"] = Report.objects.filter(aimodel=aimodel, status=ReportStatus.OPEN).count()
    if panel["can_report"]:
        panel["already_reported"] = Report.objects.filter(
            aimodel=aimodel, reporter=user, status=ReportStatus.OPEN
        ).exists()
        if not (panel["already_reported"] or panel["report_in_header"]):
            panel["report_form"] = ReportForm(aimodel=aimodel)
    return panel
