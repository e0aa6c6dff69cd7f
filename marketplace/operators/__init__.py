"""Tour operators: organisations and their members, contracts with suppliers and net prices."""
