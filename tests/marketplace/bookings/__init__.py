"""Tests of bookings: orders, holds, the cart, vouchers, notifications, the supplier's screens."""
