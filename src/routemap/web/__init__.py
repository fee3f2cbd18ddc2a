"""routemap.web."""
