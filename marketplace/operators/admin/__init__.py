"""Tour operators in the Wagtail admin: review and contracts."""
