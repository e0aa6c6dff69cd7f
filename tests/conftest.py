import pytest

# A localstripe server for the tests that pay (fixtures `localstripe`, `localstripe_server`).
pytest_plugins = ["tests.localstripe"]


@pytest.fixture(autouse=True)
def _english_messages():
    """Tests read the code's messages in the language they are written in (English): each
    test starts with English active, whatever the previous one activated. Pages under
    ``/it/``, ``/sq/``… are still served in their language; the test client asks for English
    in the admin."""
    from django.conf import settings

    if not settings.configured:  # the geo tests run without Django
        yield
        return
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def client():
    """Django's test client; in the admin (whose URLs carry no language) it browses as a
    user whose browser asks for English. The site and the API get what each test sends."""
    from urllib.parse import urlsplit

    from django.test import Client

    class AdminInEnglishClient(Client):
        def generic(self, method, path, *args, **extra):
            if urlsplit(str(path)).path.startswith("/admin/"):
                extra.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
            return super().generic(method, path, *args, **extra)

    return AdminInEnglishClient()
