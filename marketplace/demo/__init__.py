"""The demo marketplace: its data files, catalogue, operators, payments, bookings and scale data."""
