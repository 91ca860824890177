"""Writes of the reporting cycle: periods, reports, items, workflow."""
