"""Files that steps add to a tree as they are: new code, read as text and never imported here."""
