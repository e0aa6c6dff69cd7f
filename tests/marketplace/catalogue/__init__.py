"""Tests of the catalogue: pages, prices, schedules, slots, search, the API."""
