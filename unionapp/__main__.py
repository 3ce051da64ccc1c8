"""`python -m unionapp` entry point."""

import sys

from unionapp.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
