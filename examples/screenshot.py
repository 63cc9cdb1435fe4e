"""Rewrite the README's pictures of the HTML page, from examples/harbour-strike.txt.

    python examples/screenshot.py     # with '.[test]' installed and .ci/install-test-deps run

Briefs the example with the offline engine (fixed date), opens the page in headless
Chromium at 1280 x 800 with a claim selected, and at phone width, and saves PNGs beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import chromium, missing_browser  # noqa: E402

ARTICLE = ROOT / "examples" / "harbour-strike.txt"
SHOTS = {
    "harbour-strike.page.png": (1280, 800, 1),  # width, height, claim to select (0-based)
    "harbour-strike.phone.png": (390, 844, None),
}


def main() -> int:
    reason = missing_browser()
    if reason:
        print(f"screenshot.py: {reason}", file=sys.stderr)
        return 1
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env.update(BRIEFER_DATE="2026-01-01", BRIEFER_CONFIG=os.devnull)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        subprocess.run(
            ["brief", "--mock", "examples/harbour-strike.txt", "--format", "html", "-o", page],
            check=True,
            cwd=ROOT,
            env=env,
        )
        with chromium() as driver:
            for name, (width, height, claim) in SHOTS.items():
                driver.execute_cdp_cmd(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                )
                driver.execute_cdp_cmd(
                    "Emulation.setEmulatedMedia",
                    {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
                )
                driver.get(page.as_uri())
                if claim is not None:  # selected as a click would, the brief left at its top
                    link = driver.find_elements("css selector", "a.goto")[claim]
                    driver.execute_script("arguments[0].click()", link)
                out = ROOT / "examples" / name
                driver.save_screenshot(str(out))
                print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
