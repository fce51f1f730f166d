"""What every service and audit workflow uses, owned by neither: the hash-chained audit log, the
personal-data access log, row helpers (optimistic locking, snapshots), multi-row inserts and the
conflict-of-interest check. `register.services` and `audits` both build on this package and never import
each other (tests/test_layers.py)."""
