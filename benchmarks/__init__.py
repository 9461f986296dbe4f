"""Benchmarks: `python -m benchmarks` prints a table per area, each beside its baseline."""
