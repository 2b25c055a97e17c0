"""axe-core (shipped inside the PyPI package axe-playwright-python) run in a page and each of its frames."""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

SEVERE = ("serious", "critical")
_AXE = Axe()


def axe_violations(page) -> list[dict]:
    """Violations in the page and in every same-origin frame (axe is injected into each frame)."""
    found = []
    for frame in page.frames:
        try:
            frame.evaluate(_AXE.axe_script)
            res = frame.evaluate("axe.run(document, {iframes: false, resultTypes: ['violations']})")
        except Exception:  # a frame that went away while we looked
            continue
        for v in res["violations"]:
            found.append({"frame": frame.url.split("?")[0][-60:], "id": v["id"], "impact": v["impact"],
                          "nodes": len(v["nodes"]), "target": v["nodes"][0]["target"] if v["nodes"] else None,
                          "help": v["help"],
                          "why": "; ".join(c["message"] for n in v["nodes"][:1] for c in n["any"] + n["all"])[:200]})
    return found


def report(name: str, violations: list[dict]) -> list[dict]:
    """Print every violation (the test output keeps them) and return the serious and critical ones."""
    print(f"\naxe {name}: {len(violations)} violation(s)")
    for v in violations:
        print(f"  [{v['impact']}] {v['id']} x{v['nodes']} in {v['frame']}: {v['help']} (e.g. {v['target']}: {v['why']})")
    return [v for v in violations if v["impact"] in SEVERE]
