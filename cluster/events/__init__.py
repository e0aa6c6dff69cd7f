"""Events: workshops, digital-lab sessions and B2B events; registration by company,
attendance at the door by QR code, materials and feedback."""
