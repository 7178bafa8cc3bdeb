"""The HTTP scenarios of spec section 10, each interleaved with its reference, in-process.

Requests go through django.test.Client (the whole middleware stack, no network), so a
ratio compares the application code paths and nothing else. An endpoint that answers
404 is "not built yet" and its rows say so instead of failing the run.
"""

import itertools
import json
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from django.test import Client

from modelhub.selectors import aimodels_visible_to
from tests.bench.forms import form_fields, next_link
from tests.bench.report import Row
from tests.bench.seed import BIG_NAMESPACE, BenchData
from tests.bench.timing import Call, NotBuilt, QueryProfile, Unexpected, interleave, median, profile_queries

LIST_PAGE_SIZE = 10
DEEP_ROW = 50_000  # how deep the "deep page" is
WALK_SECONDS = 90.0


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
    auth = {"HTTP_AUTHORIZATION": f"Bearer {data.token}"}
    counter = itertools.count()  # every request writes a new value, so every request changes the field

    def api():
        body = json.dumps({"description": f"bench api {next(counter)}"})
        check(owner.patch(api_url, body, content_type="application/json", **auth), "PATCH", api_url)

    def bare():
        body = json.dumps({"description": f"bench bare {next(counter)}"})
        check(owner.patch(bare_url, body, content_type="application/json"), "PATCH", bare_url)

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

    names = ("PATCH 1 field (API)", "bare UPDATE view", "admin change POST")
    outcomes = measure(
        [Call(names[0], api), Call(names[1], bare), Call(names[2], admin, admin_prepare)],
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
        return names[1] if ref is outcomes[names[1]] else names[2]

    rows = [
        compare(names[0], names[1], outcomes, target="≤5 queries; ≥0.5×", judge=within_budget(0.5)),
        compare(names[0], names[2], outcomes, target="≤5 queries; ≥2×", judge=within_budget(2.0)),
    ]
    steady = (
        "steady state (BEGIN/COMMIT not counted); the token's once-a-minute housekeeping "
        "(last-used stamp + request-log prune) adds 2 queries to one request a minute"
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


# --- lists with 100,000 models ------------------------------------------------------------


def _with_query(url: str, **params) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def deep_page_url(client: Client, first_url: str) -> tuple[str | None, str]:
    """A deep page of the list page: jump there if it is numbered, else follow its next links."""
    html = check(client.get(first_url), "GET", first_url).content.decode()
    href = next_link(html)
    if not href:
        return None, f"no next-page link on {first_url}"
    href = urljoin(first_url, href)
    page = dict(parse_qsl(urlsplit(href).query)).get("page", "")
    if page.isdigit():  # numbered pages: the deepest of these that exists
        for number in (5000, 2000, 1000, 500, 200, 100, 20, 5, 2):
            url = _with_query(href, page=number)
            if client.get(url).status_code == 200:
                return url, f"page={number}"
        return None, "no numbered page beyond the first answers 200"
    started, hops, url, row = time.perf_counter(), 0, href, 0
    while time.perf_counter() - started < WALK_SECONDS:
        html = check(client.get(url), "GET", url).content.decode()
        following = next_link(html)
        label = re.search(r"Models (\d+)–(\d+)", html)
        row = int(label.group(1)) if label else (hops + 1) * LIST_PAGE_SIZE
        if not following or row >= DEEP_ROW:
            break
        url, hops = urljoin(url, following), hops + 1
    return url, f"{hops + 1} next links followed, from row {row:,}"


def deep_api_token(client: Client, url: str, headers: dict) -> tuple[str | None, int]:
    """Walk nextPageToken 100 rows at a time down to DEEP_ROW; return the token and the depth."""
    token, depth, started = None, 0, time.perf_counter()
    while depth < DEEP_ROW and time.perf_counter() - started < WALK_SECONDS:
        page_url = _with_query(url, page_size=100, **({"page_token": token} if token else {}))
        body = check(client.get(page_url, **headers), "GET", page_url).json()
        if not body.get("nextPageToken"):
            break
        token, depth = body["nextPageToken"], depth + len(body.get("models", []))
    return token, depth


def list_judge(mine: Outcome, first: Outcome | None, ratio) -> list[str]:
    failures = []
    if first is not None and first.profile and mine.profile.count > first.profile.count:
        failures.append(f"{mine.profile.count} queries here vs {first.profile.count} on page 1")
    if mine.median_ms >= 30:
        failures.append(f"median {mine.median_ms:.1f} ms ≥ 30 ms")
    if mine.profile.heavy_columns:
        failures.append("loads " + ", ".join(mine.profile.heavy_columns))
    return failures


def _list_rows(names, outcomes, where: str) -> list[Row]:
    rows = [
        compare(names[0], None, outcomes, target="<30 ms; no image data", judge=list_judge),
        compare(names[1], names[0], outcomes, target="<30 ms; ≤ page 1's queries", judge=list_judge),
    ]
    if where:
        rows[1].note = (rows[1].note + "; " if rows[1].note else "") + where
    return rows


def list_page_scenarios(data: BenchData, owner: Client, *, iterations: int) -> list[Row]:
    first_url = "/"
    names = ("list page, page 1", "list page, deep page")
    try:
        deep_url, how = deep_page_url(owner, first_url)
    except (NotBuilt, Unexpected) as exc:
        deep_url, how = None, str(exc)
    calls = [Call(names[0], lambda: check(owner.get(first_url), "GET", first_url))]
    if deep_url:
        calls.append(Call(names[1], lambda: check(owner.get(deep_url), "GET", deep_url)))
    outcomes = measure(calls, iterations=iterations, max_seconds=30)
    if not deep_url:
        outcomes[names[1]] = Outcome(error=f"n/a (not built yet: {how})")
    return _list_rows(names, outcomes, f"deep page: {deep_url} ({how})" if deep_url else "")


def list_api_scenarios(data: BenchData, owner: Client, *, iterations: int) -> list[Row]:
    base = f"/v1alpha/namespaces/{BIG_NAMESPACE}/models"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {data.token}"}
    names = ("list API, page 1", "list API, deep page")
    size = LIST_PAGE_SIZE
    deep_url, where = None, ""
    try:
        token, depth = deep_api_token(owner, base, headers)
        if token:
            deep_url = _with_query(base, page_size=size, page_token=token)
            if owner.get(deep_url, **headers).status_code != 200:  # a token tied to its page size
                size = 100
                deep_url = _with_query(base, page_size=size, page_token=token)
            where = f"deep page starts at row {depth:,} of {BIG_NAMESPACE}'s models; page_size={size}"
        else:
            where = f"n/a (no nextPageToken after {depth} rows)"
    except (NotBuilt, Unexpected) as exc:
        where = str(exc)
    first_url = _with_query(base, page_size=size)
    calls = [Call(names[0], lambda: check(owner.get(first_url, **headers), "GET", first_url))]
    if deep_url:
        calls.append(Call(names[1], lambda: check(owner.get(deep_url, **headers), "GET", deep_url)))
    outcomes = measure(calls, iterations=iterations, max_seconds=30)
    if not deep_url:
        outcomes[names[1]] = Outcome(error=where)
        where = ""
    return _list_rows(names, outcomes, where)


def list_query_scenarios(data: BenchData, *, iterations: int) -> list[Row]:
    """The core's list query (what every list builds on), first 10 rows vs OFFSET at the deep row."""
    names = ("list query (selector), first 10", f"list query, OFFSET {DEEP_ROW:,}")
    user = data.owner
    calls = [
        Call(names[0], lambda: list(aimodels_visible_to(user)[:LIST_PAGE_SIZE])),
        Call(names[1], lambda: list(aimodels_visible_to(user)[DEEP_ROW : DEEP_ROW + LIST_PAGE_SIZE])),
    ]
    outcomes = measure(calls, iterations=iterations, max_seconds=30)
    first = compare(names[0], None, outcomes, target="<30 ms; no image data", judge=list_judge)
    offset = compare(names[1], names[0], outcomes, target="(info: why keyset)", judge=lambda m, r, x: None)
    return [first, offset]
