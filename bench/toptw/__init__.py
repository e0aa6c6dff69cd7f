"""TOPTW benchmark: parse the standard instance files, solve them with ``geo.optimiser``,
re-check every solution and compare with best-known scores and peer solvers."""
