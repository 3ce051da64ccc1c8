"""Spreadsheets in and out: reading xlsx/xls/ods/csv, import with a full report, export, templates."""
