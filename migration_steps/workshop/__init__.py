"""Workshop mode: learners do the refactoring by hand; the characterization suite checks it.

`start` makes a learner's workspace, `check` runs the scenario catalogue on their tree and decides
by behaviour which step they have reached, `hint` coaches them through the step they are on, and
`progress` gathers a room's results for the facilitator. Nothing here writes to a learner's
source tree: what the workshop remembers lives in the repository's `.git/` directory.
"""
