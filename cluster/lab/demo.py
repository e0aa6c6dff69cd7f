"""The digital lab's demo: the "Digital lab" index under the Italian and English home pages and
one module per gap, the English pages translations of the Italian ones, published through
Wagtail's API. A second run creates nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from wagtail.models import Locale

from cluster.lab.models import LabGap, LabIndexPage, LabModulePage
from home.services import locale_home_get

Report = Callable[[str], None]

INDEX_TEXT = {
    "it": ("Laboratorio digitale", "laboratorio-digitale",
           "Moduli brevi per rendere le tue esperienze pronte per la vendita online."),
    "en": ("Digital lab", "digital-lab",
           "Short modules to make your experiences ready to sell online."),
}

# gap: {language: (title, slug, what, why, how, checklist, minutes)}
MODULES = {
    LabGap.PHOTOS: {
        "it": ("Tre foto che vendono", "tre-foto-che-vendono",
               "Almeno tre foto luminose e orizzontali dell'esperienza.",
               "Le schede con più foto ricevono più prenotazioni.",
               "Apri l'esperienza, scheda Foto, aggiungi le immagini e una didascalia.",
               ["Luce naturale", "Persone in azione", "Formato orizzontale"], 20),
        "en": ("Three photos that sell", "three-photos-that-sell",
               "At least three bright, landscape photos of the experience.",
               "Listings with more photos get more bookings.",
               "Open the experience, Photos tab, add the images with a caption.",
               ["Natural light", "People doing things", "Landscape format"], 20),
    },
    LabGap.SUMMARY: {
        "it": ("Un riassunto chiaro", "un-riassunto-chiaro",
               "Un riassunto di almeno 80 caratteri: cosa si fa, dove, per chi.",
               "È il testo che il turista legge nei risultati di ricerca.",
               "Scrivi due frasi nel campo Riassunto dell'esperienza.",
               ["Cosa si fa", "Dove", "Per chi"], 10),
        "en": ("A clear summary", "a-clear-summary",
               "A summary of at least 80 characters: what, where, for whom.",
               "It is the text tourists read in the search results.",
               "Write two sentences in the experience's Summary field.",
               ["What", "Where", "For whom"], 10),
    },
    LabGap.PRICE: {
        "it": ("Il prezzo giusto", "il-prezzo-giusto",
               "Un prezzo per adulti, bambini e neonati.",
               "Senza prezzo l'esperienza non si può prenotare.",
               "Nella scheda Prezzi aggiungi una fascia per età.",
               ["Adulti", "Bambini", "Neonati"], 15),
        "en": ("The right price", "the-right-price",
               "A price for adults, children and infants.",
               "Without a price the experience cannot be booked.",
               "In the Prices tab add one band per age.",
               ["Adults", "Children", "Infants"], 15),
    },
    LabGap.SCHEDULE: {
        "it": ("Un calendario aperto", "un-calendario-aperto",
               "Orari settimanali con date future.",
               "Il turista prenota solo date con posti liberi.",
               "Nella scheda Calendario aggiungi i giorni e gli orari di partenza.",
               ["Giorni della settimana", "Orari di partenza", "Stagione"], 15),
        "en": ("An open calendar", "an-open-calendar",
               "Weekly times with future dates.",
               "Tourists only book dates with places left.",
               "In the Schedule tab add the weekdays and start times.",
               ["Weekdays", "Start times", "Season"], 15),
    },
    LabGap.MEETING_POINT: {
        "it": ("Il punto d'incontro", "il-punto-di-incontro",
               "Un luogo d'incontro con le coordinate sulla mappa.",
               "Chi arriva da lontano deve trovarti senza telefonare.",
               "Scrivi il luogo e posiziona il punto sulla mappa.",
               ["Nome del luogo", "Punto sulla mappa"], 5),
        "en": ("The meeting point", "the-meeting-point",
               "A meeting point with its coordinates on the map.",
               "Visitors from afar must find you without a phone call.",
               "Write the place and set the point on the map.",
               ["Name of the place", "Point on the map"], 5),
    },
    LabGap.CANCELLATION: {
        "it": ("Una politica di cancellazione", "una-politica-di-cancellazione",
               "Scegli fino a quando il turista può cancellare e con quale rimborso.",
               "Una politica chiara rassicura chi prenota in anticipo.",
               "Nella scheda Prenotazione scegli la politica di cancellazione.",
               ["Scadenza", "Rimborso"], 5),
        "en": ("A cancellation policy", "a-cancellation-policy",
               "Choose until when tourists may cancel and what they get back.",
               "A clear policy reassures those who book ahead.",
               "In the Booking tab choose the cancellation policy.",
               ["Deadline", "Refund"], 5),
    },
    LabGap.ENGLISH: {
        "it": ("La versione inglese", "la-versione-inglese",
               "La tua esperienza tradotta in inglese.",
               "Gran parte dei turisti stranieri cerca in inglese.",
               "Dal menu dell'esperienza scegli Traduci e completa l'inglese.",
               ["Titolo", "Riassunto", "Racconto"], 30),
        "en": ("The English version", "the-english-version",
               "Your experience translated into English.",
               "Most foreign tourists search in English.",
               "From the experience's menu choose Translate and fill in English.",
               ["Title", "Summary", "Story"], 30),
    },
    LabGap.TRANSLATIONS: {
        "it": ("Parla la lingua dei vicini", "parla-la-lingua-dei-vicini",
               "Le tue esperienze in albanese e montenegrino.",
               "Il cluster vende oltre l'Adriatico: i vicini prenotano nella loro lingua.",
               "Dal menu dell'esperienza scegli Traduci per ogni lingua del sito.",
               ["Albanese", "Montenegrino"], 30),
        "en": ("Speak your neighbours' language", "speak-your-neighbours-language",
               "Your experiences in Albanian and Montenegrin.",
               "The cluster sells across the Adriatic: neighbours book in their language.",
               "From the experience's menu choose Translate for each language of the site.",
               ["Albanian", "Montenegrin"], 30),
    },
    LabGap.PAYOUT_ACCOUNT: {
        "it": ("Farsi pagare", "farsi-pagare",
               "Un conto su cui ricevere i pagamenti delle prenotazioni.",
               "Senza conto di pagamento il cluster non può versarti quanto ti spetta.",
               "Chiedi ai gestori del cluster di collegare il tuo conto (Stripe o IBAN).",
               ["Intestatario", "IBAN o conto Stripe"], 15),
        "en": ("Getting paid", "getting-paid",
               "An account to receive what your bookings earn.",
               "Without a payout account the cluster cannot pay you what you are owed.",
               "Ask the cluster's managers to link your account (Stripe or IBAN).",
               ["Account holder", "IBAN or Stripe account"], 15),
    },
    LabGap.AVAILABILITY: {
        "it": ("Più date disponibili", "piu-date-disponibili",
               "Almeno dieci partenze prenotabili nei prossimi due mesi.",
               "Chi compone un viaggio sceglie chi ha date libere.",
               "Aggiungi orari nel calendario o aumenta i posti per partenza.",
               ["Più orari", "Più posti", "Stagione più lunga"], 15),
        "en": ("More dates to book", "more-dates-to-book",
               "At least ten bookable starts in the next two months.",
               "Who builds a trip picks those with free dates.",
               "Add times to the calendar or raise the places per start.",
               ["More times", "More places", "A longer season"], 15),
    },
}


def _index_ensure(code: str, source: LabIndexPage | None) -> tuple[LabIndexPage, bool]:
    home = locale_home_get(language_code=code)
    existing = LabIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing, False
    title, slug, intro = INDEX_TEXT[code]
    index = LabIndexPage(title=title, slug=slug, intro=intro, locale=home.locale,
                         show_in_menus=True)
    if source is not None:
        index.translation_key = source.translation_key
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


def _module_ensure(gap: str, code: str, index: LabIndexPage,
                   source: LabModulePage | None) -> tuple[LabModulePage, bool]:
    existing = LabModulePage.objects.child_of(index).filter(gap=gap).first()
    if existing is not None:
        return existing, False
    title, slug, what, why, how, checklist, minutes = MODULES[gap][code]
    page = LabModulePage(
        title=title, slug=slug, gap=gap, what=f"<p>{what}</p>", why=f"<p>{why}</p>",
        how=f"<p>{how}</p>", checklist=[("item", item) for item in checklist],
        estimated_min=minutes, locale=index.locale)
    if source is not None:
        page.translation_key = source.translation_key
    index.add_child(instance=page)
    page.save_revision().publish()
    return page, True


@transaction.atomic
def load_demo_lab(report: Report) -> int:
    """The lab's index and modules in Italian and English (the languages with a home page);
    returns how many pages it created."""
    made, indexes = 0, {}
    for code in INDEX_TEXT:
        if Locale.objects.filter(language_code=code).exists():
            indexes[code], created = _index_ensure(code, indexes.get("it"))
            made += created
    for gap in MODULES:
        source = None
        for code, index in indexes.items():
            page, created = _module_ensure(gap, code, index, source)
            made += created
            source = source or page
    report(f"Digital lab: {made} pages created; the lab is at /it/laboratorio-digitale/ and "
           "/en/digital-lab/." if made else "Digital lab: the lab's pages are already there.")
    return made
