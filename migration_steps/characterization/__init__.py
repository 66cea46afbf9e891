"""The characterization harness (DESIGN §5): transcripts of a scenario catalogue, compared with
golden transcripts recorded from legacy, each difference classified same / intended / regression.

Runs in two places: `entry` (and what it imports: catalogue, recorder, normalise) inside a stage's
process; `golden`, `compare`, `report`, `render` in the toolkit's.
"""
