"""Benchmarks: `python -m benchmarks` (or `make bench`) prints figures and ratios."""
