"""A registration's QR code holds the absolute check-in URL with its token; the badge is a
PDF."""

import io

import pytest
from PIL import Image

from cluster.events import documents, services

pytestmark = pytest.mark.django_db


def test_the_qr_code_and_the_badge(event, member, settings):
    settings.SITE_URL = "https://innotourclust.example/"
    registration = services.registration_create(event=event, member=member)
    url = documents.registration_checkin_url(token=registration.token)
    assert url == ("https://innotourclust.example/admin/cluster/check-in/?token="
                   + registration.token)
    assert services.token_from_scan(url) == registration.token
    png = documents.registration_qr_png(registration=registration)
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert documents.registration_badge_pdf(registration=registration).startswith(b"%PDF")
