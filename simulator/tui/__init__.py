"""The Textual UI: the only part of Hotseat that imports Textual.

Screens that are not the first one are imported where they are opened, and
the results store, the tournament service and the scoring model inside
workers: the home screen must appear in under a second (measured by
``benchmarks/``), and SQLAlchemy alone takes ~225 ms to import.
"""
