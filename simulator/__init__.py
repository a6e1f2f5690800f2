"""Hotseat's game: scenario models and loader, round engine, customers,
results store, tournaments and the CLI. Only ``simulator.tui`` imports Textual."""

__version__ = "0.1.0"
