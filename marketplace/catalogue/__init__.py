"""The catalogue: pages of suppliers and experiences, sectors, prices, schedules, slots, search."""
