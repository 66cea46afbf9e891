"""Step 3's new files, as they stand in the tree (where `tests` is a first-party package)."""
