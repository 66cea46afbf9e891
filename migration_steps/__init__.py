"""Persistence-migration playbook: migrate a chat backend step by step, proving each step safe."""
