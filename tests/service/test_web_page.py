"""The web page in a real browser: Debian's Chromium driven headless by Playwright.

Uploads a marked image and an unmarked photo on ``/`` and screens a prompt on ``/screen``;
asserts the verdicts the page shows and saves a screenshot of each state under docs/images/.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.service.conftest import REPO, Server, png_bytes

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "docs" / "images"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium chromium-driver"
    ),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _external_requests(page, base: str) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url) if not req.url.startswith((base, "blob:", "data:")) else None)
    return seen


def test_verify_page_shows_verdicts_of_a_marked_image_and_an_unmarked_photo(
    browser, server: Server, all_key, tmp_path: Path
) -> None:
    import skimage.data

    marked = (
        server.client(all_key[1])
        .post("/v1/mark", params={"model": "studio/model-7"}, content=png_bytes(skimage.data.astronaut(), "JPEG"))
        .json()
    )
    assert marked["action"] == "released"
    (tmp_path / "marked.png").write_bytes(base64.b64decode(marked["data"]))
    (tmp_path / "photo.jpg").write_bytes(png_bytes(skimage.data.rocket(), "JPEG"))

    page = browser.new_page(viewport={"width": 1000, "height": 900})
    external = _external_requests(page, server.url)
    page.goto(server.url + "/")
    page.get_by_label("API key").fill(all_key[1])
    page.get_by_label("API key").press("Tab")  # keyboard: the key field hands focus to the file picker
    page.get_by_label("Choose images").set_input_files([str(tmp_path / "marked.png"), str(tmp_path / "photo.jpg")])
    page.wait_for_selector("#status:has-text('Done')", timeout=120_000)
    cards = page.locator("li.card")
    assert cards.count() == 2
    by_verdict = {cards.nth(i).get_attribute("data-verdict"): cards.nth(i).inner_text() for i in range(2)}
    assert set(by_verdict) == {"ai-generated", "no-provenance"}
    assert "AI-generated" in by_verdict["ai-generated"] and "studio/model-7" in by_verdict["ai-generated"]
    assert "Signed by" in by_verdict["ai-generated"] and "Policy" in by_verdict["ai-generated"]
    from guardrail.provenance.verdicts import VERDICTS  # the page shows the library's sentences

    assert (
        "No provenance found" in by_verdict["no-provenance"]
        and VERDICTS["no-provenance"].sentence in by_verdict["no-provenance"]
    )
    assert VERDICTS["ai-generated"].sentence in by_verdict["ai-generated"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "service-verify.png"), full_page=True)
    assert external == [], f"the page fetched outside the service: {external}"
    page.close()


def test_screen_page_says_what_the_policy_decided(browser, server: Server, all_key) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    external = _external_requests(page, server.url)
    page.goto(server.url + "/screen")
    page.get_by_label("API key").fill(all_key[1])
    page.get_by_label("Prompt").fill("a n.u.d.e w0man on a beach")
    page.get_by_label("Prompt").press("Tab")
    page.keyboard.press("Enter")  # the Screen button, reached by keyboard
    page.wait_for_selector("#decision [data-action]", timeout=60_000)
    text = page.locator("#decision").inner_text()
    assert "Blocked" in text and "sexual.nudity" in text and "n.u.d.e" in text
    page.screenshot(path=str(SHOTS / "service-screen.png"), full_page=True)
    page.get_by_label("Prompt").fill("")
    page.get_by_label("API key").fill("grk_000000000000_wrong")
    page.get_by_label("Prompt").fill("a lighthouse")
    page.get_by_role("button", name="Screen").click()
    page.wait_for_selector("#decision:has-text('Could not screen')", timeout=60_000)
    assert "unknown or revoked API key" in page.locator("#decision").inner_text()
    assert external == []
    page.close()


def test_api_docs_page_renders_offline(browser, server: Server) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    external = _external_requests(page, server.url)
    page.goto(server.url + "/docs")
    page.wait_for_selector(".opblock-summary-path[data-path='/v1/screen']", timeout=60_000)  # Swagger UI drew it
    assert page.locator(".opblock-summary-path[data-path='/v1/verify']").count() == 1
    assert external == [], f"the docs fetched outside the service: {external}"
    page.close()
