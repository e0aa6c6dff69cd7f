"""Exceptions of the geo library; every one derives from `GeoError`."""

from __future__ import annotations


class GeoError(Exception):
    """Base class of every error raised by the geo library."""


class InvalidCoordinates(GeoError, ValueError):
    """A latitude or longitude is out of range or not a finite number."""


class OutsideAreas(GeoError):
    """A point lies farther than the snapping tolerance from all four project areas."""


class UnknownTown(GeoError, LookupError):
    """No town of the reference data matches the given name."""


class NoRoute(GeoError):
    """No road, border crossing or ferry connects two points at the requested time."""


class InvalidDatetime(GeoError, ValueError):
    """A datetime argument is naive; the geo library only accepts aware datetimes."""
