"""axe-core in Chromium, as every accessibility test runs it: WCAG 2.2 A and AA, violations
only. The public pages' test adds axe's best practices (landmarks, one main, headings in
order); the other tests do not."""

from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def violations(page, *, best_practice: bool = False) -> list[dict]:
    """What axe finds wrong with the page as it is now."""
    tags = [*WCAG_22_AA_TAGS, "best-practice"] if best_practice else WCAG_22_AA_TAGS
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


def described(found: list[dict]) -> list[str]:
    """Violations as an assertion message lists them: rule, help text, where."""
    return [f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']]}" for v in found]
