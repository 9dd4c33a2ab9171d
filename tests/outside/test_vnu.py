"""The W3C Nu HTML Checker (vnu.jar, npm `vnu-jar`, on Debian's Java) finds no error on the
decision-aid pages as the test client renders them: an approach page in English and Spanish (with
its sources, outcomes and story), the "not now" page, "About this information" and the printable
questions sheet.

An outside checker knows more ways HTML goes wrong than tests we write. Slow (Java starts in a few
seconds), so `make test-slow` runs it, and CI; skipped where Java or vnu.jar is missing, except in
CI, where .ci/run installs both.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from approaches.models import AboutInformationPage, ApproachPage, Story

pytestmark = pytest.mark.slow

# Where `npm install -g vnu-jar` puts it on Debian (npm's prefix /usr or /usr/local), or VNU_JAR.
JAR_PLACES = [
    *([os.environ["VNU_JAR"]] if os.environ.get("VNU_JAR") else []),
    "/usr/lib/node_modules/vnu-jar/build/dist/vnu.jar",
    "/usr/local/lib/node_modules/vnu-jar/build/dist/vnu.jar",
    str(Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"),
]


def checker() -> list[str]:
    java = shutil.which("java")
    jar = next((place for place in JAR_PLACES if Path(place).is_file()), None)
    missing = [
        what for what, found in (("java (apt default-jre-headless)", java), ("vnu.jar (npm vnu-jar)", jar)) if not found
    ]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"The Nu HTML Checker needs {', '.join(missing)} in CI: .ci/run installs them")
        pytest.skip(f"The Nu HTML Checker needs {', '.join(missing)}")
    return [java, "-Xss4m", "-jar", jar, "--errors-only", "--format", "gnu"]


def pages() -> dict[str, str]:
    """Name → address of each page checked."""
    story = Story.objects.filter(live=True, consent_given=True, locale__language_code="en").first()
    assert story is not None, "the seed has no story: the approach checked shows one"
    english = story.approach
    spanish = ApproachPage.objects.live().get(translation_key=english.translation_key, locale__language_code="es")
    not_now = ApproachPage.objects.live().get(is_not_now_option=True, locale__language_code="en")
    about = AboutInformationPage.objects.live().get(locale__language_code="en")
    about_es = AboutInformationPage.objects.live().get(locale__language_code="es")
    picks = "&".join(f"q={english.pk}:{block.id}" for block in english.questions)
    return {
        "approach-en": english.url,
        "approach-es": spanish.url,
        "not-now": not_now.url,
        "about-en": about.url,
        "about-es": about_es.url,
        "questions-sheet": f"/questions/?{picks}",
    }


def test_the_nu_html_checker_finds_no_error(client, seeded_portal, db, tmp_path):
    command = checker()
    files = []
    for name, url in pages().items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run([*command, *files], capture_output=True, text=True, timeout=300)
    errors = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and not errors, errors
