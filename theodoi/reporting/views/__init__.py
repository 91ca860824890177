"""Views of the reporting cycle, one module per area; their URLs are in ``reporting/urls.py``."""
