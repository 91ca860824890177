"""Reads of plans, one module per subject: ``gaps`` (the "06 rõ" check), ``pages``
(the plan list, a plan's tasks and KPIs, a body's tasks, search), ``review`` (the
review grid of a draft), ``publication`` (what stops a draft's publication) and
``imports`` (the upload pages)."""
