"""Simulated data for demos and benchmarks (Django-free): realistic, seeded, vectorised generators."""
