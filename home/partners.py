"""The programme and its partners: one source for the footer and the demo "Partners" page."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Partner:
    name: str
    country_iso2: str
    role: str
    url: str


PROGRAMME_NAME = "Interreg IPA CBC Italy – Albania – Montenegro"

PARTNERS: tuple[Partner, ...] = (
    Partner("Camera di Commercio di Lecce", "IT", _("Lead partner"), "https://www.le.camcom.gov.it/"),
    Partner(
        "Dipartimento di Scienze dell'Economia, Università del Salento",
        "IT",
        _("Partner"),
        "https://www.economia.unisalento.it/",
    ),
    Partner(
        "Azienda Autonoma di Soggiorno e Turismo di Termoli",
        "IT",
        _("Partner"),
        "https://www.comune.termoli.cb.it/",
    ),
    Partner("National Tourism Agency of Albania", "AL", _("Partner"), "https://akt.gov.al/"),
    Partner(
        "Chamber of Commerce and Industry of Tirana", "AL", _("Partner"), "https://www.cci.al/"
    ),
    Partner(
        "National Tourism Organisation of Montenegro",
        "ME",
        _("Partner"),
        "https://www.montenegro.travel/",
    ),
)
