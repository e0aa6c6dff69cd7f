import pytest

# A localstripe server for the tests that pay (fixtures `localstripe`, `localstripe_server`).
pytest_plugins = ["tests.localstripe"]


@pytest.fixture(autouse=True)
def _reset_language():
    """Each test starts in the default language, whatever the previous one activated."""
    yield
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        translation.deactivate()
