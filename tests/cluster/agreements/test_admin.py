"""The agreements' admin screens: cluster managers only; recording an agreement with its
document through the service, a refused document answered with a 400 and nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cluster.agreements.models import Agreement
from marketplace.operators.models import Contract
from tests.security.checks import SCRIPT, refused

pytestmark = pytest.mark.django_db


def _data(parties, **extra):
    return {"kind": "commercial", "title": "Salento for Adria Tours",
            "parties": [member.pk for member in parties],
            "starts_on": timezone.localdate().isoformat(),
            "signed_on": timezone.localdate().isoformat(), **extra}


def test_non_managers_are_refused(client, supplier, operator_member):
    owner = operator_member.operator.members.get().user
    client.force_login(owner)
    for url in ("/admin/cluster/agreements/", "/admin/cluster/agreements/add/"):
        assert refused(client.get(url, headers=SCRIPT)), url
    response = client.post("/admin/cluster/agreements/add/",
                           _data([supplier, operator_member], terms="commission"),
                           headers=SCRIPT)
    assert refused(response)
    assert not Agreement.objects.exists()


def test_a_manager_records_a_commercial_agreement(client, manager, supplier, operator_member):
    client.force_login(manager)
    response = client.post("/admin/cluster/agreements/add/", _data(
        [supplier, operator_member], terms="commission", commission_pct="15",
        document=SimpleUploadedFile("accordo.pdf", b"%PDF-1.4\n%%EOF\n")))
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get()
    assert agreement.contract.commission_pct == 15
    page = client.get(f"/admin/cluster/agreements/{agreement.pk}/")
    assert page.status_code == 200 and "Masseria Alfa" in page.content.decode()
    download = client.get(f"/admin/cluster/agreements/{agreement.pk}/document/")
    assert download.status_code == 200
    listing = client.get("/admin/cluster/agreements/?kind=commercial&status=signed&q=alfa")
    assert "Salento for Adria Tours" in listing.content.decode()
    client.post(f"/admin/cluster/agreements/{agreement.pk}/withdraw/")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.WITHDRAWN


def test_a_renamed_executable_is_answered_with_a_400(client, manager, supplier,
                                                     operator_member):
    client.force_login(manager)
    response = client.post("/admin/cluster/agreements/add/", _data(
        [supplier, operator_member], terms="commission",
        document=SimpleUploadedFile("accordo.pdf", b"MZ\x90\x00" + b"\x00" * 64)))
    assert response.status_code == 400
    assert "not really a PDF" in response.content.decode()
    assert not Agreement.objects.exists() and not Contract.objects.exists()
