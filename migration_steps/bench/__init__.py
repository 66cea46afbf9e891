"""`playbook bench`: what each stage costs the database, measured side by side in one run."""
