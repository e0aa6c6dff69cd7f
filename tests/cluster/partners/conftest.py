"""The partners are the marketplace's suppliers: its fixtures, built the same way, and a small
world around Lecce (a supplier, complementary partners at several distances, one of the same
sector, one across the sea)."""

import itertools

import pytest

from tests.marketplace.conftest import (  # noqa: F401  (fixtures used by these tests)
    experience_text,
    make_experience,
    make_images,
    make_provider,
    short_slot_horizon,
)

_vat = itertools.count(1)

LECCE = (40.35148, 18.17180)
SURBO = (40.39580, 18.13380)  # 7 km north of Lecce
NARDO = (40.17970, 18.03300)  # 25 km south-west
VLORE = (40.46610, 19.49140)  # across the Strait of Otranto


def albanian_nipt() -> str:
    return f"L{next(_vat):08d}A"


@pytest.fixture
def world(short_slot_horizon, make_provider, make_experience):  # noqa: F811  (the fixtures)
    """The supplier (olive oil, 10:00 and 15:00 every day) and its neighbours."""
    def supplier(name, sectors, point, sector, title, **experience):
        fields = dict(legal_name=name, sector_slugs=sectors, lat=point[0], lon=point[1])
        if point == VLORE:
            fields.update(country="AL", vat_number=albanian_nipt(), town="Vlorë")
        provider = make_provider(**fields)
        make_experience(provider=provider, photos=1, sector_slug=sector, lat=point[0],
                        lon=point[1], text=experience_text(title=title), **experience)
        return provider

    return {
        "sme": supplier("Masseria Olio", ["food-wine"], LECCE, "food-wine", "Olive oil tasting"),
        "crafts": supplier("Bottega Cartapesta", ["crafts"], SURBO, "crafts",
                           "Papier-mâché workshop"),
        "nature": supplier("Cicloturismo Salento", ["nature-outdoor"], NARDO, "nature-outdoor",
                           "Bike ride to Porto Selvaggio"),
        "same": supplier("Cantina Vicina", ["food-wine"], SURBO, "food-wine", "Wine tasting"),
        "sea": supplier("Vlora Boats", ["fishing-sea"], VLORE, "fishing-sea",
                        "Boat trip to Karaburun", languages="sq,en,it"),
    }
