"""Tests of the shared kernel: VAT numbers, locating points."""
