"""Tests of the cluster app, by domain."""
