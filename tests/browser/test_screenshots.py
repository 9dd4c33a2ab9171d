"""Screenshots for reviewers, at phone and desktop width, written to screenshots/ (see README).

They are pictures for people, not checks: the same screens are checked in a real browser by the
other tests here (axe, the keyboard, 320 px, the quiz to its results). So they are taken by
`make screenshots`, and by CI once with the slow tests, not by every `make test`."""

import shutil
from pathlib import Path

import pytest

from tests.browser import seeded

SHOTS = Path(__file__).resolve().parent.parent.parent / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}
SCREENS = ("home", "approach", "compare", "quiz", "results")

pytestmark = pytest.mark.slow


def test_write_screenshots_of_the_main_screens(portal_url, new_page, tmp_path):
    # Taken into a folder of this run's own, so the check below counts only what this run wrote;
    # screenshots/ (ignored by git) keeps the latest copies for reviewers.
    for device, width in WIDTHS.items():
        page = new_page(viewport={"width": width, "height": 900})
        for name, path in [
            ("home", "/"),
            ("approach", seeded.MEDICATION_MANAGEMENT),
            ("compare", seeded.compare_path(2)),
        ]:
            page.goto(portal_url + path)
            page.screenshot(path=tmp_path / f"{name}-{device}.png", full_page=True)
        page.goto(portal_url + seeded.quiz_path())
        page.get_by_role("button", name="Start the quiz").click()
        page.get_by_label(seeded.safe_answer()).check()
        page.get_by_role("button", name="Continue").click()
        page.screenshot(path=tmp_path / f"quiz-{device}.png", full_page=True)
        while "/quiz/step/" in page.url:
            page.locator("input[name=answer]").first.check()
            page.get_by_role("button", name="Continue").click()
        page.screenshot(path=tmp_path / f"results-{device}.png", full_page=True)
    written = {p.name for p in tmp_path.glob("*.png")}
    assert written == {f"{name}-{device}.png" for name in SCREENS for device in WIDTHS}, written
    assert all((tmp_path / name).stat().st_size > 5000 for name in written)
    SHOTS.mkdir(exist_ok=True)
    for name in written:
        shutil.copyfile(tmp_path / name, SHOTS / name)
