"""routemap.geo."""
