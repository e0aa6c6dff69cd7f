"""Tests of payments: Stripe, webhooks, the ledger, payouts, SEPA."""
