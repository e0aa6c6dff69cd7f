"""The shared kernel: domain errors, money, text, VAT numbers, shared choices, use of geo."""
