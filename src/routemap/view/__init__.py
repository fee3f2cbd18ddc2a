"""routemap.view."""
