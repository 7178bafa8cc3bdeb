"""The HTTP scenarios of spec section 10, each interleaved with its reference, in-process.

Requests go through django.test.Client (the whole middleware stack, no network), so a
ratio compares the application code paths and nothing else. An endpoint that answers
404 is "not built yet" and its rows say so instead of failing the run.
"""

import itertools
import json
from dataclasses import dataclass

from django.test import Client

from tests.bench import drf_peer
from tests.bench.forms import form_fields
from tests.bench.report import Row
from tests.bench.seed import BenchData
from tests.bench.timing import Call, NotBuilt, QueryProfile, Unexpected, interleave, median, profile_queries


def check(response, method: str, url: str, expect: tuple[int, ...] = (200,)):
    if response.status_code in expect:
        return response
    if response.status_code == 404:
        raise NotBuilt(method, url.split("?")[0], 404)
    detail = response.content[:300].decode(errors="replace")
    raise Unexpected(f"{method} {url} → {response.status_code} (expected {expect}): {detail}")


@dataclass
class Outcome:
    median_ms: float | None = None
    profile: QueryProfile | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.median_ms is not None


def measure(calls: list[Call], *, iterations: int, max_seconds: float) -> dict[str, Outcome]:
    """Probe each call once (its query profile), then time the working ones interleaved."""
    outcomes: dict[str, Outcome] = {}
    working = []
    for call in calls:
        try:
            outcomes[call.name] = Outcome(profile=profile_queries(call))
            working.append(call)
        except (NotBuilt, Unexpected) as exc:
            outcomes[call.name] = Outcome(error=str(exc))
    if working:
        try:
            samples = interleave(working, iterations=iterations, max_seconds=max_seconds)
        except (NotBuilt, Unexpected) as exc:
            for call in working:
                outcomes[call.name].error = f"failed while timing: {exc}"
            return outcomes
        for name, values in samples.items():
            outcomes[name].median_ms = median(values)
    return outcomes


def compare(scenario: str, reference: str | None, outcomes: dict[str, Outcome], *, target: str, judge) -> Row:
    """A table row: the scenario against its reference.

    `judge(outcome, ref_outcome, ratio)` returns the targets missed (empty: all met), or None
    when there is nothing to judge.
    """
    mine = outcomes[scenario]
    ref = outcomes.get(reference) if reference else None
    row = Row(scenario=scenario, reference=reference or "", target=target)
    row.median_ms = mine.median_ms
    row.ref_median_ms = ref.median_ms if ref else None
    parts = []
    if mine.profile:
        parts.append(str(mine.profile.count))
    if ref and ref.profile:
        parts.append(f"ref {ref.profile.count}")
    row.queries = " / ".join(parts)
    errors = list(dict.fromkeys(o.error for o in (mine, ref) if o and o.error))
    if errors:
        row.note = "; ".join(errors)
        return row
    if ref is not None:
        row.ratio = ref.median_ms / mine.median_ms
    failures = judge(mine, ref, row.ratio)
    row.met = None if failures is None else not failures
    if failures:
        row.note = "missed: " + "; ".join(failures)
    return row


# --- PATCH of one field -------------------------------------------------------------------


def patch_scenarios(data: BenchData, owner: Client, staff: Client, *, iterations: int) -> list[Row]:
    target = data.patch_target
    api_url = f"/v1alpha/namespaces/alice/models/{target.model_id}"
    bare_url = f"/bench/bare-update/{target.uid}/"
    admin_url = f"/admin/modelhub/aimodel/{target.uid}/change/"
    drf_url = f"/bench/drf/namespaces/alice/models/{target.model_id}/"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {data.token}"}
    drf_auth = {"HTTP_AUTHORIZATION": f"Token {drf_peer.token_for(data.owner)}"}
    counter = itertools.count()  # every request writes a new value, so every request changes the field

    def api():
        body = json.dumps({"description": f"bench api {next(counter)}"})
        check(owner.patch(api_url, body, content_type="application/json", **auth), "PATCH", api_url)

    def bare():
        body = json.dumps({"description": f"bench bare {next(counter)}"})
        check(owner.patch(bare_url, body, content_type="application/json"), "PATCH", bare_url)

    def drf():
        body = json.dumps({"description": f"bench drf {next(counter)}"})
        check(owner.patch(drf_url, body, content_type="application/json", **drf_auth), "PATCH", drf_url)

    admin_form: dict = {}

    def admin_prepare():  # untimed: what the browser loaded before the user pressed Save
        page = check(staff.get(admin_url), "GET", admin_url)
        admin_form.clear()
        admin_form.update(form_fields(page.content.decode()))
        if "description" not in admin_form:
            raise Unexpected(f"GET {admin_url}: no description field in the change form")

    def admin():
        admin_form["description"] = [f"bench admin {next(counter)}"]
        response = staff.post(admin_url, {**admin_form, "_save": "Save"})
        if response.status_code == 200:  # the form came back with errors
            raise Unexpected(f"POST {admin_url} → 200 (form errors): {_errors(response)}")
        check(response, "POST", admin_url, (302,))

    names = ("PATCH 1 field (API)", "bare UPDATE view", "admin change POST", "DRF partial_update")
    outcomes = measure(
        [Call(names[0], api), Call(names[1], bare), Call(names[2], admin, admin_prepare), Call(names[3], drf)],
        iterations=iterations,
        max_seconds=45,
    )

    def within_budget(floor):
        def judge(mine, ref, ratio):
            failures = [f"{mine.profile.count} queries > 5"] if mine.profile.count > 5 else []
            if ratio < floor:
                failures.append(f"{ratio:.2f}× < {floor}× the throughput of the {ref_name(ref)}")
            return failures

        return judge

    def ref_name(ref):
        return next(name for name in names[1:] if ref is outcomes[name])

    rows = [
        compare(names[0], names[1], outcomes, target="≤5 queries; ≥0.5×", judge=within_budget(0.5)),
        compare(names[0], names[2], outcomes, target="≤5 queries; ≥2×", judge=within_budget(2.0)),
        compare(names[0], names[3], outcomes, target="≤5 queries; ≥1.5×", judge=within_budget(1.5)),
    ]
    steady = (
        "steady state (BEGIN/COMMIT not counted); the token's once-a-minute last-used stamp "
        "adds 1 query to one request a minute (the request log keeps its bound in its one INSERT)"
    )
    rows[0].note = f"{rows[0].note}; {steady}" if rows[0].note else steady
    return rows


def _errors(response) -> str:
    html = response.content.decode(errors="replace")
    start = html.find("errorlist")
    return html[start : start + 300] if start >= 0 else "(no errorlist in the page)"


# --- edit page vs admin change page -------------------------------------------------------


def page_scenarios(data: BenchData, owner: Client, staff: Client, *, iterations: int) -> list[Row]:
    target = data.page_target
    edit_url = f"/namespaces/alice/models/{target.model_id}/edit/"
    admin_url = f"/admin/modelhub/aimodel/{target.uid}/change/"
    other_url = f"/namespaces/alice/models/{data.patch_target.model_id}/edit/"  # more history, other data

    def edit():
        check(owner.get(edit_url), "GET", edit_url)

    def admin():
        check(staff.get(admin_url), "GET", admin_url)

    names = ("edit page GET", "admin change page GET")
    outcomes = measure([Call(names[0], edit), Call(names[1], admin)], iterations=iterations, max_seconds=40)
    constant = None
    if outcomes[names[0]].profile:
        try:
            other = profile_queries(Call("other", lambda: check(owner.get(other_url), "GET", other_url)))
            constant = other.count == outcomes[names[0]].profile.count
        except (NotBuilt, Unexpected):
            constant = None

    def judge(mine, ref, ratio):
        failures = [] if constant else ["query count differs between two models"]
        if ratio < 1.0:
            failures.append(f"{ratio:.2f}×: slower than the admin's change page")
        return failures

    return [compare(names[0], names[1], outcomes, target="constant queries; ≥1×", judge=judge)]
