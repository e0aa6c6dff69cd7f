"""REST API v1: read-only experiences (with the search page's filters), suppliers and sectors."""
