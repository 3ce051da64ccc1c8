"""`python -m unionapp` entry point: the process runs one command and ends."""

import sys

from unionapp.cli.main import main

if __name__ == "__main__":
    sys.exit(main(whole_process=True))
