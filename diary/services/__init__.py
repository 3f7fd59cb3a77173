"""The diary's rules on the database: no Blueprint, no request, no feature package.

Views (and the API, the import and the CLI) call these; only views and CLI commands commit.
"""
