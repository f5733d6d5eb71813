"""Benchmarks. Each ``bench_*.py`` module has ``run() -> dict`` comparing our code with a peer run
in the same process; ``python -m bench`` runs them and writes one JSON file per module."""
