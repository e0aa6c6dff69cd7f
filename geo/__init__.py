"""Innotourclust's geo layer: a pure Python library (no Django, no settings).

Value types, regions, the transport network, travel-time matrices and the trip optimiser.
Configuration arrives as arguments; units are in the names.
"""
