"""Writes of itineraries."""
