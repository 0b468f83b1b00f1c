"""Registry pages: organizations, capabilities, classifier browser.

Views read through registry.access (what the visitor may see or edit) and
write through registry.services; the templates live in templates/registry/.
"""
