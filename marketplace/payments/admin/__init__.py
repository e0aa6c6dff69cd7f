"""Payments in the Wagtail admin: payout runs, balances, statements, payout settings."""
