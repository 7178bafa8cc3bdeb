"""axe-core accessibility checks for browser tests.

axe-core is vendored in tests/browser/vendor/axe.min.js (version AXE_VERSION, licence
MPL-2.0, tests/browser/vendor/axe-core.LICENSE; from `npm pack axe-core@4`). It is a test
tool only: the product never serves it.

The pages' Content-Security-Policy (script-src 'self') would block an injected inline
<script>, so the source runs through `page.evaluate` (the DevTools protocol, which the
page's CSP does not govern); the page under test keeps its real policy.
"""

from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_SOURCE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

# Every rule axe-core ships (WCAG 2.0-2.2 A and AA, best practices, and the experimental
# rules, which axe leaves off by default), except the AAA ones: WCAG does not recommend AAA
# as a target for whole sites (its 7:1 text contrast is not met by Bootstrap's own palette).
EXCLUDED_TAGS = ("wcag2aaa",)
_RUN_ALL_RULES = """async ([context, excludedTags]) => {
    const rules = Object.fromEntries(axe.getRules().map(r => [
        r.ruleId, {enabled: !r.tags.some(tag => excludedTags.includes(tag))},
    ]));
    const result = await axe.run(context || document, {rules, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
    }));
}"""

_source_cache: list[str] = []


def _axe_source() -> str:
    if not _source_cache:
        _source_cache.append(AXE_SOURCE_PATH.read_text(encoding="utf-8"))
    return _source_cache[0]


def inject_axe(page) -> None:
    """Load axe-core into the page (once per document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    version = page.evaluate("() => window.axe.version")
    assert version == AXE_VERSION, f"axe-core {version} loaded, {AXE_VERSION} expected"


def axe_violations(page, selector: str | None = None) -> list[dict]:
    """Run every axe-core rule on the page (or on `selector`) and return its violations."""
    inject_axe(page)
    return page.evaluate(_RUN_ALL_RULES, [selector, list(EXCLUDED_TAGS)])


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join(node["summary"].split())[:300]
            lines.append(f"    at {node['target']}: {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def assert_no_axe_violations(page, context: str = "", selector: str | None = None) -> None:
    """Fail listing every axe-core violation (rule id, impact, target) of any impact."""
    violations = axe_violations(page, selector)
    if violations:
        where = f" on {context}" if context else f" on {page.url}"
        raise AssertionError(f"{len(violations)} axe-core violation(s){where}:\n{format_violations(violations)}")
