"""Text as the search compares it: accents dropped, case folded, spaces collapsed."""

import unicodedata


def search_text(*parts: str) -> str:
    """``"Masserìa  Ca' Bianca"`` → ``"masseria ca' bianca"``: what ``ExperiencePage.search_text``
    stores and what a search word is turned into before it is looked for there, so "citta"
    finds "Città" on SQLite and PostgreSQL alike. Parts are joined by a line break, so a word
    never runs from one part into the next."""
    joined = "\n".join(" ".join(part.split()) for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", joined)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
