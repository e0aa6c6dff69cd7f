"""Onboarding: applications to join the cluster, the register import and the review workflow."""
