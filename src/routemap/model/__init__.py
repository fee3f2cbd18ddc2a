"""routemap.model."""
