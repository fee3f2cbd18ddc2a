"""routemap's hostile-input suite: data made to break the loader, and what the loader must answer.

:mod:`tests.hostile.cases` holds the hostile values and files, for any later feature
that reads data to run against too.
"""
