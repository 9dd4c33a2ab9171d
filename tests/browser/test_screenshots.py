"""Screenshots for reviewers, at phone and desktop width, written to screenshots/ (see README)."""

import time
from pathlib import Path

SHOTS = Path(__file__).resolve().parent.parent.parent / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}


def test_write_screenshots_of_the_main_screens(portal_url, new_page):
    SHOTS.mkdir(exist_ok=True)
    started = time.time()
    for device, width in WIDTHS.items():
        page = new_page(viewport={"width": width, "height": 900})
        for name, path in [
            ("home", "/"),
            ("approach", "/approaches/medication-management/"),
            ("compare", "/compare/?approach=cbt&approach=dbt"),
        ]:
            page.goto(portal_url + path)
            page.screenshot(path=SHOTS / f"{name}-{device}.png", full_page=True)
        page.goto(portal_url + "/quiz/")
        page.get_by_role("button", name="Start the quiz").click()
        page.get_by_label("Yes, I’m safe right now").check()
        page.get_by_role("button", name="Continue").click()
        page.screenshot(path=SHOTS / f"quiz-{device}.png", full_page=True)
        while "/quiz/step/" in page.url:
            page.locator("input[name=answer]").first.check()
            page.get_by_role("button", name="Continue").click()
        page.screenshot(path=SHOTS / f"results-{device}.png", full_page=True)
    # Only what this run wrote counts: the folder keeps earlier runs' screenshots.
    written = {p.name for p in SHOTS.glob("*.png") if p.stat().st_mtime >= started - 1}
    expected = {
        f"{name}-{device}.png" for name in ("home", "approach", "compare", "quiz", "results") for device in WIDTHS
    }
    assert written == expected, written
    assert all((SHOTS / name).stat().st_size > 5000 for name in written)
