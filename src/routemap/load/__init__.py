"""routemap.load."""
