"""Root pytest configuration: fixtures shared by every test package live in tests/."""
