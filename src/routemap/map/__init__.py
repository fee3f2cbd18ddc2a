"""routemap.map."""
