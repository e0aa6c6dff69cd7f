"""Tests of onboarding: applications, the register import, the review workflow."""
