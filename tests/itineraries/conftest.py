"""Itineraries are made of the marketplace's experiences: its fixtures, built the same way."""

from tests.marketplace.conftest import (  # noqa: F401  (fixtures used by these tests)
    make_experience,
    make_images,
    make_provider,
    short_slot_horizon,
)
