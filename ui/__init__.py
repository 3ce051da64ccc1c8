"""The Qt window. Imports unionapp; unionapp never imports this package."""
