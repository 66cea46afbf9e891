"""`playbook race`: the lost-update scenarios, run against a fresh database, as a timeline."""
