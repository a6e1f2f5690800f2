"""The results store's plumbing: connecting (SQLite or PostgreSQL through one
SQLAlchemy Core code path), the schema and its named, ordered migrations.
:mod:`simulator.store` is the API the rest of the game uses."""
