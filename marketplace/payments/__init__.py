"""Payments: Stripe, the ledger, payouts (Stripe Connect and SEPA) and suppliers' statements."""
