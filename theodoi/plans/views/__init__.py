"""Views of plans, one module per area; their URLs are in ``plans/urls.py``."""
