"""Tests of B2B matchmaking."""
