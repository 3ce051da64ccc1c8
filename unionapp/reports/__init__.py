"""PDF documents (ReportLab): forms, sign-off sheets and reports, with embedded CJK fonts."""
