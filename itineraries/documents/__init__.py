"""What an itinerary gives out: the proposal's PDF, iCal, GeoJSON and GPX."""
