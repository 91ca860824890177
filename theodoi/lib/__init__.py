"""Small helpers that know nothing of Django or of theodoi's apps.

One module a subject — ``text`` (folding Vietnamese text), ``numbers`` (``14,5``),
``dates`` (``dd/mm/yyyy``), ``workdays`` (the working-day calendar) — each with its
own tests in ``tests/``. The apps and the plain-Python importer both use them; an
import-linter contract keeps Django and the apps out.
"""
