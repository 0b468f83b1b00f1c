"""Web shell: base templates, static files, accounts and roles, home page."""
