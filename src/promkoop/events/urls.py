"""Event pages (filled in by the events work of issue #8)."""
app_name = "events"
urlpatterns: list = []
