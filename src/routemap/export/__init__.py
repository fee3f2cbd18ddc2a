"""routemap.export.formats."""
