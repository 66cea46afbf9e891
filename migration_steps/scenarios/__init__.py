"""Scenarios that drive a stage's `Application` and record what happened (run inside a stage)."""
