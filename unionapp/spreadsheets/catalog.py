"""Which spreadsheet import and export each window tab offers, named without loading the readers
and writers (the kinds themselves are in `unionapp.spreadsheets.kinds`)."""

IMPORT_FOR_TAB = {"enterprise": "enterprises", "family": "families", "training": "trainings"}
EXPORT_FOR_TAB = {"enterprise": "enterprises", "congress": "congresses", "family": "families",
                  "training": "sessions", "service_unit": "service-units"}  # fmt: skip
