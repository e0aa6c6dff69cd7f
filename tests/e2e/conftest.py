"""Browser tests: headless Chromium (Debian's ``chromium`` package) driven by Playwright.

They are skipped, with the reason, on a machine without ``/usr/bin/chromium`` or the
``playwright`` package; with ``E2E_REQUIRED=1`` (as ``.ci/run`` sets it) they fail instead.
Playwright never downloads a browser here: it drives the system's Chromium.

Playwright's sync API keeps an asyncio loop running in the thread that uses it. In the test's
own thread that would make Django refuse ORM calls and, worse, give that thread other
database connections than the ones pytest-django sets up, flushes and restores (asgiref's
locals switch storage under a running loop). So Playwright lives in a thread of its own and
the tests talk to it through ``InBrowserThread`` proxies that read like Playwright's objects.
"""

import functools
import importlib.util
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

# The marketplace's data fixtures, built through the services as the product builds its data.
from tests.marketplace.conftest import (  # noqa: F401
    make_experience,
    make_images,
    make_provider,
    short_slot_horizon,
)

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 10_000


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


class BrowserThread:
    """One thread that owns Playwright: ``call`` runs a function there and returns (or
    raises) its result here."""

    def __init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")

    def call(self, function, *args, **kwargs):
        return self.wrap(self.call_raw(function, *args, **kwargs))

    def call_raw(self, function, *args, **kwargs):
        args = [arg._target if isinstance(arg, InBrowserThread) else arg for arg in args]
        return self._executor.submit(function, *args, **kwargs).result()

    def wrap(self, value):
        if isinstance(value, list):
            return [self.wrap(item) for item in value]
        if type(value).__module__.startswith("playwright."):
            return InBrowserThread(value, self)
        return value

    def close(self):
        self._executor.shutdown(wait=True)


class InBrowserThread:
    """A Playwright object (page, locator, response…) used from the test's thread: its
    methods, properties and ``with`` blocks run in the browser thread."""

    __slots__ = ("_target", "_thread")

    def __init__(self, target, thread: BrowserThread):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_thread", thread)

    def __getattr__(self, name):
        value = self._thread.call_raw(getattr, self._target, name)
        if callable(value):
            return functools.partial(self._thread.call, value)
        return self._thread.wrap(value)

    def __enter__(self):
        return self._thread.call(self._target.__enter__)

    def __exit__(self, *exc_info):
        return self._thread.call(self._target.__exit__, *exc_info)

    def __repr__(self):
        return f"InBrowserThread({self._target!r})"


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium for this module's tests (in the browser thread), closed after them."""
    missing = _missing()
    if missing:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but {missing}", pytrace=False)
        pytest.skip(f"browser test skipped: {missing}")
    from playwright.sync_api import sync_playwright

    thread = BrowserThread()
    playwright = thread.call(lambda: sync_playwright().start())
    try:
        yield playwright.chromium.launch(executable_path=CHROMIUM)
    finally:
        playwright.stop()  # closes the browser too
        thread.close()


@pytest.fixture
def page_errors():
    """The JavaScript errors the tab's pages raised."""
    return []


@pytest.fixture
def tab(chromium, live_server, page_errors):
    """A fresh browser tab (its own cookies) on the live server, in Italian."""
    context = chromium.new_context(base_url=live_server.url, locale="it-IT")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    yield page
    context.close()
