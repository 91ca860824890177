"""Views of the pages that combine several areas, one module per area they start
from; their URLs are in ``pages/urls.py`` and their templates stay with the area
whose records they show (``accounts/``, ``bodies/``, ``plans/pages/``,
``reporting/board/``)."""
