"""What differs between Windows and the rest, behind small functions: private files, replacing
a file another program may hold open, process-held locks, the user's folders, the log file."""
