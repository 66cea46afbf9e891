"""The chat backend: a multi-agent support chat whose sessions live in a SQL database."""
