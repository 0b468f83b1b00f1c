"""Screenshots of the main pages for the docs (docs/screenshots/*.png).

Starts nothing itself: give it the address of a running Promkoop that has data
(for instance `make run`, which serves the demo registry), and it opens the
pages in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)
and saves PNGs of the home page, the organizations list, an organization page,
the capability search (arctic rubber goods made to specification) with the page
of the first maker found, the classifier browser, and the home page on a phone.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 --lang en --out /tmp/shots

The organization page is the first result of searching for --query
(default «рославльские тормозные», the Roslavl brake plant of the founding story); when
nothing matches, the first organization of the list is used.
"""
import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parent.parent


def _go(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    if response is None or not response.ok:
        raise SystemExit(f"{url}: HTTP {response.status if response else 'no response'}")


def _set_language(page: Page, base: str, lang: str) -> None:
    """Use the header's language switch once, so the session cookie carries the language."""
    _go(page, base + "/")
    if page.locator("html").get_attribute("lang") != lang:
        page.locator("form.lang button").click()
        page.wait_for_load_state("networkidle")


def _organization_url(page: Page, base: str, query: str) -> str:
    _go(page, f"{base}/registry/organizations/?{urlencode({'q': query})}")
    links = page.locator(".org-card a.org-name")
    if links.count() == 0:
        _go(page, f"{base}/registry/organizations/")
        links = page.locator(".org-card a.org-name")
    if links.count() == 0:
        raise SystemExit("the registry has no organizations: load demo data first (promkoop demo)")
    return base + links.first.get_attribute("href")


def _expand(page: Page, code: str) -> None:
    """Open a node of the classifier tree and wait for its children (loaded by HTMX)."""
    summary = page.locator("summary.node", has=page.locator(f".code:text-is('{code}')")).first
    summary.click()
    summary.locator("xpath=..").locator(":scope > ul.tree").wait_for()


def take(base: str, out: Path, *, query: str, lang: str, width: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        _set_language(page, base, lang)

        def shot(name: str, *, full_page: bool = True) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full_page)
            saved.append(path)

        _go(page, base + "/")
        shot("home")
        _go(page, base + "/registry/organizations/?section=C")
        shot("organizations", full_page=False)
        _go(page, _organization_url(page, base, query))
        shot("organization")
        arctic_rti = {"okpd2": "22.19", "works_at": -60, "prototypes": "on"}  # the founding story's need
        _go(page, base + "/registry/capabilities/?" + urlencode(arctic_rti))
        shot("capabilities", full_page=False)
        makers = page.locator(".cap-card .meta a")
        if makers.count():
            _go(page, base + makers.first.get_attribute("href"))
            shot("organization-maker")
        _go(page, base + "/registry/classifiers/okpd2/")
        _expand(page, "C")
        _expand(page, "22")
        _expand(page, "22.1")
        page.locator("summary .code:text-is('22.19')").first.evaluate("el => el.scrollIntoView({block: 'center'})")
        shot("classifiers", full_page=False)

        phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1,
                                    is_mobile=True, has_touch=True)
        page = phone.new_page()
        _set_language(page, base, lang)
        _go(page, base + "/")
        shot("home-phone")
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="address of a running Promkoop, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--query", default="рославльские тормозные",
                        help="search text that finds the organization to show")
    parser.add_argument("--lang", choices=["ru", "en"], default="ru")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args(argv)
    for path in take(args.base_url.rstrip("/"), args.out, query=args.query, lang=args.lang, width=args.width):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
