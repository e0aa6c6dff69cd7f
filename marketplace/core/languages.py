"""Names of the languages an experience or a supplier speaks, in the reader's language."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.conf.locale import LANG_INFO
from django.utils import translation

# Names pycountry's catalogues lack (they have no Montenegrin or Albanian entry for these).
EXTRA_NAMES = {"cnr": {"sr-latn": "crnogorski", "sq": "malazezisht"}}
# pycountry's catalogue for a site language, where its name differs.
CATALOGUES = {"sr-latn": "sr@latin"}


def language_name(code: str, *, language_code: str) -> str:
    """The name of the language ``code`` (ISO 639-1 or -3, e.g. ``it``, ``sq``, ``cnr``)
    in the language ``language_code``; the code itself when it is unknown."""
    code = code.strip().lower()
    if code in LANG_INFO and "name" in LANG_INFO[code]:
        with translation.override(language_code):
            return str(translation.get_language_info(code)["name_translated"])
    extra = EXTRA_NAMES.get(code, {}).get(language_code)
    if extra:
        return extra
    language = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(alpha_2=code)
    if language is None:
        return code
    return _catalogue(language_code).gettext(language.name)


def language_names(codes: str, *, language_code: str) -> str:
    """``"it,en"`` as ``"Italian, English"`` (in ``language_code``); empty codes are skipped."""
    return ", ".join(language_name(code, language_code=language_code)
                     for code in codes.split(",") if code.strip())


@cache
def _catalogue(language_code: str) -> gettext.NullTranslations:
    name = CATALOGUES.get(language_code, language_code)
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[name],
                               fallback=True)
