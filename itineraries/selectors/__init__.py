"""Reads of itineraries: the plan, the costing, the conflicts."""
