"""The version of the source tree; ``pyproject.toml`` reads it from here (one place to bump)."""

__version__ = "0.1.0"
