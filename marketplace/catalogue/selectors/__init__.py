"""The catalogue's reads: experiences, suppliers, slots and places left, search, map, API rows."""
