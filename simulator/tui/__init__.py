"""The Textual UI: the only part of Hotseat that imports Textual."""
