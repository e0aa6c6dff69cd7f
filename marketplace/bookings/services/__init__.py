"""The bookings' writes: orders, holds, answers to requests, cancellations, their emails."""
