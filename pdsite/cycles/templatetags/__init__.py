"""Template tags of the cycles app."""
