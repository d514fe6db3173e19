"""Database backends of the embedded default."""
