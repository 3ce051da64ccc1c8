"""The audit log: who changed what and when, written in the same transaction as the change,
with identity numbers masked, each entry sealed to the one before it (a hash chain keyed from
the database password when there is one), and the newest seal kept outside the database."""
