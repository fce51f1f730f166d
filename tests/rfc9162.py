"""An independent verifier for the tests: RFC 9162 sections 2.1.1 (MTH), 2.1.3.2 (inclusion) and 2.1.4.2
(consistency) written out step by step from the RFC's text, sharing no code with register.rules.merkle, so
a proof the register serves is checked as an outsider would check it."""

from __future__ import annotations

import hashlib


def H(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def lsb(x: int) -> bool:
    return bool(x & 1)


def rfc_verify_inclusion(leaf_index, tree_size, hash_, inclusion_path, root_hash) -> bool:
    # 1. Compare leaf_index against tree_size. If leaf_index is greater than or equal to tree_size, fail.
    if leaf_index >= tree_size:
        return False
    # 2. Set fn to leaf_index and sn to tree_size - 1.  3. Set r to hash.
    fn, sn, r = leaf_index, tree_size - 1, hash_
    # 4. For each value p in the inclusion_path array:
    for p in inclusion_path:
        # a. If sn is 0, then stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if lsb(fn) or fn == sn:
            # 1. Set r to HASH(0x01 || p || r).
            r = H(b"\x01" + p + r)
            # 2. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is
            #    set or fn is 0.
            if not lsb(fn):
                while not (lsb(fn) or fn == 0):
                    fn, sn = fn >> 1, sn >> 1
        # Otherwise: Set r to HASH(0x01 || r || p).
        else:
            r = H(b"\x01" + r + p)
        # c. Finally, right-shift both fn and sn one time.
        fn, sn = fn >> 1, sn >> 1
    # 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the root_hash
    #    are equal, then the log has proven the inclusion of hash. Otherwise, fail.
    return sn == 0 and r == root_hash


def rfc_verify_consistency(first, second, first_hash, second_hash, consistency_path) -> bool:
    # (first == second needs no proof; 0 < first < second otherwise)
    if first == second:
        return not consistency_path and first_hash == second_hash
    if not 0 < first < second:
        return False
    # 1. If consistency_path is an empty array, stop and fail the proof verification.
    if not consistency_path:
        return False
    path = list(consistency_path)
    # 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
    if first & (first - 1) == 0:
        path.insert(0, first_hash)
    # 3. Set fn to first - 1 and sn to second - 1.
    fn, sn = first - 1, second - 1
    # 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
    while lsb(fn):
        fn, sn = fn >> 1, sn >> 1
    # 5. Set both fr and sr to the first value in the consistency_path array.
    fr = sr = path[0]
    # 6. For each subsequent value c in the consistency_path array:
    for c in path[1:]:
        # a. If sn is 0, then stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if lsb(fn) or fn == sn:
            # 1. Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr).
            fr = H(b"\x01" + c + fr)
            sr = H(b"\x01" + c + sr)
            # 2. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is
            #    set or fn is 0.
            if not lsb(fn):
                while not (lsb(fn) or fn == 0):
                    fn, sn = fn >> 1, sn >> 1
        # Otherwise: Set sr to HASH(0x01 || sr || c).
        else:
            sr = H(b"\x01" + sr + c)
        # c. Finally, right-shift both fn and sn one time.
        fn, sn = fn >> 1, sn >> 1
    # 7. Verify that fr equals first_hash, sr equals second_hash and sn is 0.
    return fr == first_hash and sr == second_hash and sn == 0


def rfc_mth(entries: list[bytes]) -> bytes:
    """MTH straight from RFC 9162 section 2.1.1, over the entries themselves."""
    n = len(entries)
    if n == 0:
        return H(b"")
    if n == 1:
        return H(b"\x00" + entries[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return H(b"\x01" + rfc_mth(entries[:k]) + rfc_mth(entries[k:]))
