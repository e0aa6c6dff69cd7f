"""The partners domain keeps no tables of its own: it reads the catalogue and saves its bundles
as itineraries. (The module is the bottom layer the cluster's import contracts expect.)"""
