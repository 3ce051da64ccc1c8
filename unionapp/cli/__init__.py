"""The command line: ``python -m unionapp [--db PATH_OR_URL] COMMAND``."""
