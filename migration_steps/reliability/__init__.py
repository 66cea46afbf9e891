"""Reliability: what a stage keeps of what it acknowledged, under load, faults and random use."""
