"""briefer: one-page intelligence briefs with verified quotes."""

__version__ = "0.1.0"
