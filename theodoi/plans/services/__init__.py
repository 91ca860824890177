"""Writes to plans: draft from the importer's JSON, publish, amend."""
