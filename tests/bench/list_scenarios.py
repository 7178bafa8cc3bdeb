"""The list scenarios of spec section 10 (100,000 models), each interleaved with its reference.

Requests go through django.test.Client (the whole middleware stack, no network), so a
ratio compares the application code paths and nothing else. An endpoint that answers
404 is "not built yet" and its rows say so instead of failing the run.
"""

import re
import time
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from django.test import Client

from modelhub.selectors import aimodels_visible_to
from tests.bench.forms import next_link
from tests.bench.report import Row
from tests.bench.scenarios import Outcome, check, compare, measure
from tests.bench.seed import BIG_NAMESPACE, BenchData
from tests.bench.timing import Call, NotBuilt, Unexpected

LIST_PAGE_SIZE = 10
DEEP_ROW = 50_000  # how deep the "deep page" is
WALK_SECONDS = 90.0


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
