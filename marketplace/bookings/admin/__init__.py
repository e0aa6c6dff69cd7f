"""Bookings in the Wagtail admin: the supplier's dashboard, check-in, manifests and statements."""
