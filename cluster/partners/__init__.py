"""Who should sell with whom: complementary partners for a supplier, with a one-day bundle."""
