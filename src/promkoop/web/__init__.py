"""Web shell: base templates, static files, the template context of the user's role, home page."""
