"""The game's screens: home, round, debrief, progress, help."""
