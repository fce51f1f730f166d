"""Pure rules of the register (no I/O): qualification verdicts, toetsingskaders, hours budgets, the
report schedule and signals, and the audit log's Merkle tree (RFC 9162) and signed-checkpoint format
(C2SP). They work on plain data so the API, the pages, bulk verification and the signals job share them,
and they are tested without a database."""
