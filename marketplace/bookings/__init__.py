"""Bookings: orders and their bookings, the cart, holds, vouchers, manifests, notifications."""
