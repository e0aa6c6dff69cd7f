"""The onboarding's writes: applications, the register import, review overrides."""
