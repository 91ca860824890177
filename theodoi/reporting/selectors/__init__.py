"""Reads of the reporting cycle, one module per subject: ``progress`` (where a plan's
tasks and KPIs stand), ``board`` (a period's board), ``reports`` (a body's report and
what is due from it), ``comments`` (the threads of report items), ``results``
(what was reported on a task or a KPI, for the plan pages), ``calendar`` (days off) and
``compiled`` (the committee's report for a period, as data for the documents)."""
