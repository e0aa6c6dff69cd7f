"""Site chrome shared by every template: the programme and its partners."""

from .partners import PARTNERS, PROGRAMME_NAME


def site_chrome(request):
    return {"programme_name": PROGRAMME_NAME, "partners": PARTNERS}
