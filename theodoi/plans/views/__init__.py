"""Views of plans, one module per area; each module exports its ``urlpatterns``."""
