"""Steps: modules that move a tree one stage on, like Alembic revisions (see `versions/`).

A step plans every edit in memory (`plan(tree)`), refusing with a one-line reason when the tree
is not in the state it expects, and `apply(workspace)` writes the plan only when it is complete.
"""
