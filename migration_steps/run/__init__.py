"""`playbook run`: the whole route, end to end, with the proof of every stage in one file."""
