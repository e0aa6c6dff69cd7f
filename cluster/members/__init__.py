"""Members: every company of the cluster once, by its VAT or registration number."""
