"""Offers and needs between the cluster's members: a member posts what it offers or looks for,
other members reply."""
