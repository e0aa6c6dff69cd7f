"""Agreements between members: memoranda, commercial contracts, joint products."""
