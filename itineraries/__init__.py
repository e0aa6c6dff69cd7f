"""Itineraries: an operator's multi-day trip (days, stops, travel legs), its costing and
conflicts; later the builder, proposals and booking the whole trip in one order."""
