"""The Qt window. Imports unionapp; unionapp never imports this package."""

from ui.import_hook import quicken_import_hook

quicken_import_hook()  # before any module here imports PySide6 (see ui/import_hook.py)
