"""Benchmarks, run by `make bench` (never by the test suite).

Figures are ratios to a baseline measured in the same run.
"""
