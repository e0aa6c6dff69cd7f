"""The catalogue in the Wagtail admin: the page editor's forms and panels."""
