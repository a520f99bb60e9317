"""Benchmarks run against a throwaway database, never the developer's: `python -m bench.<name>`."""
