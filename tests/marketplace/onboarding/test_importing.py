import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Revision

import marketplace.onboarding.admin.importing  # noqa: F401  registers the admin URL and menu item
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.core.errors import DuplicateProvider
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP
from marketplace.onboarding.admin.importing import ImportMenuItem
from marketplace.onboarding.services.importing import (
    COLUMNS,
    ImportReport,
    RowError,
    suppliers_import,
)

pytestmark = pytest.mark.django_db

SAMPLE = (Path(__file__).resolve().parents[3] / "marketplace" / "demo" / "data"
          / "register_sample.csv")
ERRORS = Path(__file__).resolve().parents[1] / "data" / "register_errors.csv"
SAMPLE_ROWS = 10
GOOD = {"company_name": "Frantoio Test S.r.l.", "vat_number": "07890123453", "country": "IT",
        "sectors": "food-wine", "town": "Bari"}


def _csv(*rows: dict[str, str], delimiter: str = ",", columns=COLUMNS, newline: str = "\n"
         ) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=delimiter,
                            lineterminator=newline, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _page(vat: str) -> ProviderPage:
    return ProviderPage.objects.get(vat_number=vat, locale__language_code="it")


# SECTION: a good file


def test_sample_file_creates_published_providers_at_their_towns():
    report = suppliers_import(file=SAMPLE.read_bytes())

    assert report == ImportReport(created=SAMPLE_ROWS)
    assert report.ok
    assert ProviderPage.objects.live().count() == SAMPLE_ROWS
    cantina = _page("03456789019")  # written "IT 034 567 890 19" in the file
    assert (cantina.country, cantina.area, cantina.town) == ("IT", "IT-75", "Lecce")
    assert (cantina.lat, cantina.lon) == (40.35481, 18.17244)  # the town centre
    assert [s.slug for s in cantina.sectors.all()] == ["food-wine"]
    zeja = _page("K91826354B")
    assert (zeja.town, zeja.country, zeja.website) == ("Gjirokastër", "AL", "")
    masseria = _page("01234567897")
    assert (masseria.lat, masseria.lon, masseria.subdivision_id) == (40.7421, 17.5528, "IT-BR")
    assert masseria.languages == "it,en"
    assert "thousand-year-old olive trees" in masseria.story
    trulli = _page("02345678904")
    assert trulli.website == "https://www.trullietradizioni.example"


def test_sector_names_in_any_language_and_case_are_accepted():
    report = suppliers_import(file=_csv({**GOOD, "sectors": "Agritourism; ENOGASTRONOMIA"}))

    assert report.ok, report.as_text()
    assert {s.slug for s in _page("07890123453").sectors.all()} == {"agritourism", "food-wine"}


def test_semicolon_delimiter_and_decimal_commas_of_italian_spreadsheets():
    row = {**GOOD, "sectors": "food-wine;crafts", "lat": "41,1177", "lon": "16,8719",
           "languages": "it,en"}
    text = "\ufeff" + _csv(row, delimiter=";", newline="\r\n")  # as Excel saves "CSV UTF-8"

    report = suppliers_import(file=text.encode("utf-8"))

    assert report == ImportReport(created=1)
    page = _page("07890123453")
    assert (page.lat, page.lon, page.languages) == (41.1177, 16.8719, "it,en")
    assert {s.slug for s in page.sectors.all()} == {"food-wine", "crafts"}


def test_text_file_objects_are_read_too():
    assert suppliers_import(file=io.StringIO(_csv(GOOD))).created == 1


def test_unknown_columns_are_ignored_and_named():
    columns = (*COLUMNS, "ateco_code")
    report = suppliers_import(file=_csv({**GOOD, "ateco_code": "55.20"}, columns=columns))

    assert report.ok and report.ignored_columns == ("ateco_code",)
    assert "ateco_code" in report.as_text()


# SECTION: importing again


def test_the_same_file_twice_creates_nothing_the_second_time():
    suppliers_import(file=SAMPLE.read_bytes())
    revisions = Revision.objects.count()

    report = suppliers_import(file=SAMPLE.read_bytes())

    assert report == ImportReport(unchanged=SAMPLE_ROWS)
    assert ProviderPage.objects.count() == SAMPLE_ROWS
    assert Revision.objects.count() == revisions


def test_a_changed_email_updates_and_republishes_one_provider():
    suppliers_import(file=SAMPLE.read_bytes())
    changed = SAMPLE.read_text(encoding="utf-8").replace(
        "tours@bokasea.example", "booking@bokasea.example")

    report = suppliers_import(file=changed.encode("utf-8"))

    assert report == ImportReport(updated=1, unchanged=SAMPLE_ROWS - 1)
    page = _page("02987654")
    assert page.email == "booking@bokasea.example"
    assert page.live and not page.has_unpublished_changes
    assert page.get_latest_revision().content["email"] == "booking@bokasea.example"


def test_an_update_sets_sectors_and_location_of_an_existing_provider(make_provider):
    make_provider(vat_number="07890123453", town="Bari", lat=41.12066, lon=16.86982)
    row = {**GOOD, "sectors": "wellness;crafts", "town": "Lecce"}

    report = suppliers_import(file=_csv(row))

    assert report == ImportReport(updated=1)
    page = _page("07890123453")
    assert {s.slug for s in page.sectors.all()} == {"wellness", "crafts"}
    assert (page.town, page.lat, page.lon, page.subdivision_id) == (
        "Lecce", 40.35481, 18.17244, "IT-LE")
    assert page.legal_name == "Frantoio Test S.r.l."


def test_blank_cells_keep_what_editors_set_on_the_page():
    suppliers_import(file=_csv({**GOOD, "email": "info@frantoio.example", "lat": "41.1",
                                "lon": "16.85"}))

    report = suppliers_import(file=_csv(GOOD))  # same town, no coordinates, no email

    assert report == ImportReport(unchanged=1)
    page = _page("07890123453")
    assert (page.email, page.lat, page.lon) == ("info@frantoio.example", 41.1, 16.85)


# SECTION: refused files


def _refused(text: str) -> ImportReport:
    pages, revisions = ProviderPage.objects.count(), Revision.objects.count()
    report = suppliers_import(file=text.encode("utf-8"))
    assert not report.ok
    assert (ProviderPage.objects.count(), Revision.objects.count()) == (pages, revisions)
    return report


@pytest.mark.parametrize(("changes", "column"), [
    ({"vat_number": "07890123450"}, "vat_number"),  # wrong check digit
    ({"vat_number": "1234"}, "vat_number"),
    ({"country": "AL", "town": "Berat"}, "vat_number"),  # an Italian number is not a NIPT
    ({"sectors": "food-wine;surfing"}, "sectors"),
    ({"town": "Atlantide"}, "town"),
    ({"town": "Tirana"}, "town"),  # a town, but not in Italy
    ({"lat": "48.8566", "lon": "2.3522"}, "lat"),  # Paris
    ({"lat": "41.32744", "lon": "19.81866"}, "lat"),  # Tirana, for an Italian company
    ({"lat": "forty-one", "lon": "16.87"}, "lat"),
    ({"lat": "41.12", "lon": "nan"}, "lon"),
    ({"lat": "41.12"}, "lon"),
    ({"lon": "16.87"}, "lat"),
    ({"company_name": ""}, "company_name"),
    ({"vat_number": ""}, "vat_number"),
    ({"country": ""}, "country"),
    ({"country": "FR"}, "country"),
    ({"sectors": ""}, "sectors"),
    ({"town": ""}, "town"),
    ({"email": "info(at)example"}, "email"),
    ({"website": "not a website"}, "website"),
    ({"languages": "Italian and English"}, "languages"),
    ({"phone": "0" * 41}, "phone"),
])
def test_a_bad_row_refuses_the_whole_file(changes, column):
    other = {**GOOD, "company_name": "Good S.r.l.", "vat_number": "01234567897"}

    report = _refused(_csv(other, {**GOOD, **changes}))

    assert [(error.row, error.column) for error in report.errors] == [(3, column)]
    assert report.errors[0].message


def test_the_same_vat_twice_in_the_file_is_refused_on_the_second_row():
    report = _refused(_csv(GOOD, {**GOOD, "vat_number": "IT 07890123453"}))

    assert report.errors == (RowError(3, "vat_number", report.errors[0].message),)
    assert "row 2" in report.errors[0].message


def test_the_same_vat_is_found_even_when_its_first_row_has_other_errors():
    report = _refused(_csv({**GOOD, "email": "nope"}, GOOD))

    assert [(error.row, error.column) for error in report.errors] == [
        (2, "email"), (3, "vat_number")]


def test_a_refused_file_leaves_existing_providers_untouched(make_provider):
    make_provider(vat_number="07890123453", email="old@frantoio.example")

    _refused(_csv({**GOOD, "email": "new@frantoio.example"}, {**GOOD, "vat_number": "1"}))

    assert _page("07890123453").email == "old@frantoio.example"


def test_the_error_sample_lists_every_error_at_once():
    report = _refused(ERRORS.read_text(encoding="utf-8"))

    assert [(error.row, error.column) for error in report.errors] == [
        (3, "vat_number"), (4, "sectors"), (5, "town"), (6, "lat"), (7, "lat"), (8, "lon"),
        (9, "company_name"), (10, "vat_number"), (11, "email"), (12, "country"), (13, "lat"),
        (14, "website"), (15, "languages"), (16, "town"),
    ]


def test_row_numbers_count_the_header_and_blank_lines():
    text = _csv(GOOD).replace("\n", "\n\n", 1) + "\n"  # blank row 2, the data on row 3

    assert suppliers_import(file=(text + "Bad,1,IT,food-wine,Bari\n").encode()).errors[0].row == 5


def test_a_row_with_more_values_than_columns_is_refused():
    text = "company_name,vat_number,country,sectors,town\nA, B,07890123453,IT,food-wine,Bari\n"

    report = _refused(text)

    assert [(error.row, error.column) for error in report.errors] == [(2, "")]
    assert "more values than the header" in report.errors[0].message


@pytest.mark.parametrize(("data", "column"), [
    (b"company_name,country,sectors,town\nA,IT,food-wine,Bari\n", "vat_number"),
    (b"company_name,vat_number,vat_number,country,sectors,town\n", "vat_number"),
    (b"", ""),
    (",".join(COLUMNS).encode(), ""),  # a header and no rows
    (_csv(GOOD).replace("Bari", "Bàri").encode("latin-1"), ""),  # not UTF-8
])
def test_file_level_errors(data, column):
    report = suppliers_import(file=data)

    assert not report.ok
    assert report.errors[0].row is None and report.errors[0].column == column
    assert ProviderPage.objects.count() == 0


def test_a_service_refusing_a_row_rolls_back_the_rows_already_written(monkeypatch):
    from marketplace.onboarding.services import importing

    real = importing.supplier_page_create

    def create_then_refuse(**kwargs):
        if kwargs["vat_number"] == "01234567897":
            raise DuplicateProvider("A provider with this number exists.", field="vat_number")
        return real(**kwargs)

    monkeypatch.setattr(importing, "supplier_page_create", create_then_refuse)
    other = {**GOOD, "vat_number": "01234567897"}

    report = suppliers_import(file=_csv(GOOD, other))

    assert report.errors == (RowError(3, "vat_number", "A provider with this number exists."),)
    assert ProviderPage.objects.count() == 0


# SECTION: dry run and report


def test_a_dry_run_counts_without_writing():
    suppliers_import(file=_csv(GOOD))
    changed = {**GOOD, "phone": "+39 080 555 0000"}
    new = {**GOOD, "vat_number": "01234567897"}

    report = suppliers_import(file=_csv(changed, new), dry_run=True)

    assert report == ImportReport(created=1, updated=1, dry_run=True)
    assert ProviderPage.objects.count() == 1
    assert _page("07890123453").phone == ""
    assert report.as_text().startswith("Dry run")


def test_the_report_as_text():
    report = ImportReport(errors=(RowError(4, "town", "No town."), RowError(None, "", "Empty.")))

    assert report.as_text().splitlines() == [
        "The file was refused (2 errors); nothing was written.",
        "  row 4, town: No town.",
        "  file: Empty.",
    ]
    assert str(ImportReport(created=2, unchanged=1)) == (
        "Providers created: 2, updated: 0, unchanged: 1.")


# SECTION: the command


def test_command_imports_and_prints_the_report():
    out = io.StringIO()

    call_command("import_providers", str(SAMPLE), stdout=out)

    assert f"created: {SAMPLE_ROWS}" in out.getvalue()
    assert ProviderPage.objects.count() == SAMPLE_ROWS


def test_command_refuses_a_bad_file_with_its_errors():
    with pytest.raises(CommandError) as raised:
        call_command("import_providers", str(ERRORS), stdout=io.StringIO())

    assert "row 4, sectors:" in str(raised.value)
    assert ProviderPage.objects.count() == 0


def test_command_dry_run_writes_nothing():
    out = io.StringIO()

    call_command("import_providers", str(SAMPLE), "--dry-run", stdout=out)

    assert "Dry run" in out.getvalue() and f"created: {SAMPLE_ROWS}" in out.getvalue()
    assert ProviderPage.objects.count() == 0


def test_command_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_providers", str(tmp_path / "missing.csv"))


# SECTION: the admin screen

URL_NAME = "marketplace_import_providers"


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(
        username="admin", email="admin@example.com", password="pw")


@pytest.fixture
def sme_user():
    """Like an SME's user: may enter the admin, may not import."""
    user = get_user_model().objects.create_user(username="sme", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def _upload(client, name: str, data: bytes, **fields):
    return client.post(reverse(URL_NAME),
                       {"file": SimpleUploadedFile(name, data, "text/csv"), **fields})


def test_admin_screen_shows_the_form(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse(URL_NAME))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_admin_upload_of_a_good_file_shows_the_counts(client, superuser):
    client.force_login(superuser)

    response = _upload(client, "register.csv", SAMPLE.read_bytes())

    assert response.status_code == 200
    assert f'<dd class="import-created">{SAMPLE_ROWS}</dd>' in response.content.decode()
    assert ProviderPage.objects.count() == SAMPLE_ROWS


def test_admin_dry_run_writes_nothing(client, superuser):
    client.force_login(superuser)

    response = _upload(client, "register.csv", SAMPLE.read_bytes(), dry_run="on")

    assert response.status_code == 200 and response.context["report"].dry_run
    assert ProviderPage.objects.count() == 0


def test_admin_upload_of_a_bad_file_shows_the_errors_table(client, superuser):
    client.force_login(superuser)

    response = _upload(client, "register.csv", ERRORS.read_bytes())

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="listing import-errors"' in html
    table = html.split('class="listing import-errors"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 1 + len(response.context["report"].errors)
    assert "Atlantide" in html
    assert ProviderPage.objects.count() == 0


def test_admin_refuses_other_files(client, superuser, monkeypatch):
    client.force_login(superuser)
    monkeypatch.setattr("marketplace.onboarding.admin.importing.MAX_UPLOAD_BYTES", 10)

    assert _upload(client, "register.xlsx", b"PK").status_code == 400
    response = _upload(client, "register.csv", SAMPLE.read_bytes())
    assert response.status_code == 400 and response.context["form"].errors["file"]


def test_cluster_managers_may_import(client):
    manager = get_user_model().objects.create_user(username="manager", password="pw")
    manager.groups.add(Group.objects.get(name=CLUSTER_MANAGERS_GROUP))
    client.force_login(manager)

    assert client.get(reverse(URL_NAME)).status_code == 200


def test_users_without_the_permission_are_sent_back_to_the_dashboard(client, sme_user):
    client.force_login(sme_user)

    # Wagtail turns the view's PermissionDenied into a redirect with a message.
    for response in (client.get(reverse(URL_NAME)),
                     _upload(client, "register.csv", SAMPLE.read_bytes())):
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert ProviderPage.objects.count() == 0


def test_the_admin_menu_links_to_the_screen(client, superuser):
    client.force_login(superuser)

    assert reverse(URL_NAME) in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_menu_item_is_shown_only_with_the_permission(superuser, sme_user):
    item = ImportMenuItem("Import providers", reverse(URL_NAME))
    request = RequestFactory().get("/admin/")

    request.user = superuser
    assert item.is_shown(request)
    request.user = sme_user
    assert not item.is_shown(request)
