"""Headless Debian Chromium for the browser tests, driven by Playwright (which cannot download browsers
here): one browser per test run (`tests/conftest.py` fixture `browser`), a fresh context per page."""
import os
from contextlib import contextmanager

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the fixtures and the live
# server are still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 20_000


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser, **context_options):
    """A page in a context of its own (cookies, storage), Russian and desktop-sized unless told otherwise."""
    context = browser.new_context(**{"locale": "ru-RU", "viewport": DESKTOP, "accept_downloads": True,
                                     **context_options})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()
