"""The game's widgets, by area: meters and charts, the conversation, the
scenario library, the debrief's turn cards."""
