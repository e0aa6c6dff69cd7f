"""Onboarding in the Wagtail admin: reviewing applications and importing registers."""
