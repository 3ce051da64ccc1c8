"""工会工作台: start the window (`uv run main.py [--db PATH]`)."""

import sys

from ui.app import run

if __name__ == "__main__":
    sys.exit(run())
