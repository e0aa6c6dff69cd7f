"""The production static files build: `collectstatic` with the hashed, compressed storage of
`config.settings.production` (what the Dockerfile runs), over every file the site ships."""

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.mark.slow
def test_collectstatic_with_the_production_storage_succeeds(tmp_path):
    """A vendored file that names a missing source map (or any URL to a missing file) makes
    the hashed storage refuse the whole build."""
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/chartjs/chart.umd.min.*.js"))
