"""Benchmarks (`make bench`): programs that print figures, not tests."""
