"""Import pages (upload, report, template download)."""
urlpatterns: list = []
