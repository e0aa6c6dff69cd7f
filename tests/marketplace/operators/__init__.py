"""Tests of tour operators: sign-up, members, contracts and net prices."""
