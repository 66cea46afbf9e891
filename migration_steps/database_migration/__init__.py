"""`playbook migrate-db`: upgrade a legacy database in place to the target schema, and prove it."""
