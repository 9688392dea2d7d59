"""Measurements taken inside the browser: sideways scrolling, touch targets, bytes transferred."""

from __future__ import annotations

from typing import Any

# WCAG 2.5.5 (target size, enhanced) and the platform guidelines: 44 × 44 CSS pixels.
MIN_TARGET_PX = 44
INTERACTIVE = "a[href], button, input, select, summary, textarea"
# Targets allowed to be smaller, each with its reason. Empty on purpose: fix the CSS rather than grow it.
TOUCH_TARGET_EXEMPTIONS: tuple[str, ...] = ()

_SMALL_TARGETS_JS = """
([selector, exempt, minimum]) => {
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (exempt && el.matches(exempt)) continue;
    if (el.type === "hidden") continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // Not rendered: display:none, inside a closed <details> or <dialog>, or visibility:hidden.
    if (style.visibility === "hidden" || box.width === 0 || box.height === 0) continue;
    if (box.width < minimum || box.height < minimum) {
      const name = (el.innerText || el.value || el.name || el.id || "").trim().replace(/\\s+/g, " ").slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}
"""


def small_touch_targets(page: Any) -> list[str]:
    """Visible interactive elements whose box is under 44 × 44 px, described for the failure message."""
    exempt = ", ".join(TOUCH_TARGET_EXEMPTIONS)
    result: list[str] = page.evaluate(_SMALL_TARGETS_JS, [INTERACTIVE, exempt, MIN_TARGET_PX])
    return result


def horizontal_overflow_px(page: Any) -> int:
    """How many pixels the document is wider than the viewport (0 = no sideways scrolling)."""
    overflow: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return overflow


class TransferMeter:
    """Sums what the page downloaded (headers + bodies of every finished request) since it was attached."""

    def __init__(self, page: Any) -> None:
        self.requests: list[Any] = []
        page.on("requestfinished", lambda request: self.requests.append(request))

    def total_bytes(self) -> int:
        """Bytes transferred so far."""
        total = 0
        for request in self.requests:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total

    def urls(self) -> list[str]:
        """Every URL requested so far, for failure messages."""
        return [request.url for request in self.requests]
