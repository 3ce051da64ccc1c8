"""Use cases. Each function takes a SQLAlchemy session; the caller frames the transaction."""
