"""Stages: trees holding an `app/` package, each run in its own process."""
