"""Views of the reporting cycle, one module per area; each exports its ``urlpatterns``."""
