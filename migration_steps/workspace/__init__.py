"""Workspaces: git repositories holding a copy of legacy, one commit per applied step."""
