"""What every service and audit workflow uses, owned by neither: the audit log (`auditlog`: writing and
reading entries) as a transparency log (`tlog`: sequencer, Merkle tree, proofs, signed checkpoints,
verification) with crypto-shredding of its personal values (`shredding`) under the key file's KEK
(`keyvault`), the personal-data access log, row helpers (optimistic locking, snapshots), multi-row inserts
and the conflict-of-interest check. `register.services` and `audits` both build on this package and never
import each other (tests/test_layers.py)."""
