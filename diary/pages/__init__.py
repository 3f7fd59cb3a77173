"""Page parts that several blueprints share (no Blueprint here, no routes)."""
