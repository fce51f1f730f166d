"""The Merkle tree of RFC 9162 section 2.1 (the tree of Certificate Transparency, RFC 6962): hashes,
inclusion and consistency proofs, their verification, and an append-only builder. Pure: no I/O.

Definitions (RFC 9162 section 2.1.1), with SHA-256 as HASH and D[n] the list of n entries:
- MTH({}) = HASH() (the hash of the empty string);
- MTH({d(0)}) = HASH(0x00 || d(0)) (a leaf hash);
- for n > 1, with k the largest power of two smaller than n:
  MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])) (a node hash).

The functions below that build proofs do not hold the entries: they ask a callback
`subtree(start, end)` for MTH(D[start:end]). Every range they ask for starts at a multiple of the
smallest power of two that is at least its length, so it is a run of *perfect* subtrees (complete
binary trees of 2^level leaves, `(level, index)` covering leaves [index * 2^level, (index + 1) * 2^level)),
one per set bit of its length: see `perfect_subtrees`. A store that keeps perfect subtree hashes can
therefore answer any request with at most log2(n) stored hashes per range.

Leaf indexes are 0-based as in the RFC (the audit log's `volgnummer` N is leaf N - 1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

Subtree = Callable[[int, int], bytes]


def leaf_hash(entry: bytes) -> bytes:
    """HASH(0x00 || entry): the hash of one log entry (RFC 9162 section 2.1.1)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """HASH(0x01 || left || right): the hash of an interior node (RFC 9162 section 2.1.1)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """k, the largest power of two smaller than n (n >= 2)."""
    if n < 2:
        raise ValueError("split_point needs n >= 2")
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaves: Sequence[bytes]) -> bytes:
    """MTH of a list of *leaf hashes*, straight from the definition (for small lists and checks)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return node_hash(root_of(leaves[:k]), root_of(leaves[k:]))


# --- perfect subtrees ------------------------------------------------------------------------------


def perfect_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """The perfect subtrees `(level, index)` that make up MTH(D[start:end]), left to right.

    Valid for the ranges MTH's recursion produces (start a multiple of the smallest power of two that is
    at least end - start): the range splits into one perfect subtree per set bit of its length, largest
    first. Raises ValueError for any other range."""
    if not 0 <= start < end:
        raise ValueError(f"lege of ongeldige reeks [{start}, {end})")
    length = end - start
    out = []
    position = start
    for level in range(length.bit_length() - 1, -1, -1):
        if length >> level & 1:
            if position % (1 << level):
                raise ValueError(f"[{start}, {end}) is geen deelboom van de Merkle-boom")
            out.append((level, position >> level))
            position += 1 << level
    return out


def fold(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from the hashes of its perfect subtrees (left to right, largest first): the right
    edge of the tree folds from the right, because MTH splits off the largest power of two first."""
    if not hashes:
        raise ValueError("geen deelbomen")
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


# --- proofs (RFC 9162 sections 2.1.3.1 and 2.1.4.1) ----------------------------------------------


def inclusion_path(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """PATH(m, D[n]) for leaf `index` (m) in a tree of `size` (n) leaves, leaf to root.

    PATH(0, {d(0)}) = {}; for n > 1 and k the largest power of two smaller than n:
    PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) when m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]).
    Raises ValueError when not 0 <= index < size."""
    if not 0 <= index < size:
        raise ValueError(f"blad {index} ligt niet in een boom van {size} bladeren")
    return _path(index, 0, size, subtree)


def _path(m: int, start: int, end: int, subtree: Subtree) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return [*_path(m, start, start + k, subtree), subtree(start + k, end)]
    return [*_path(m - k, start + k, end, subtree), subtree(start, start + k)]


def consistency_path(first: int, second: int, subtree: Subtree) -> list[bytes]:
    """PROOF(m, D[n]) = SUBPROOF(m, D[n], true) between tree sizes 0 < first (m) <= second (n).

    SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}; for m < n, k the largest
    power of two smaller than n: when m <= k, SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); otherwise
    SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]). Raises ValueError for other sizes."""
    if not 0 < first <= second:
        raise ValueError(f"geen consistentiebewijs van grootte {first} naar {second}")
    return _subproof(first, 0, second, True, subtree)


def _subproof(m: int, start: int, end: int, complete: bool, subtree: Subtree) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if complete else [subtree(start, end)]
    k = split_point(n)
    if m <= k:
        return [*_subproof(m, start, start + k, complete, subtree), subtree(start + k, end)]
    return [*_subproof(m - k, start + k, end, False, subtree), subtree(start, start + k)]


def ranges_needed(build: Callable[[Subtree], list[bytes]]) -> list[tuple[int, int]]:
    """The ranges a proof asks `subtree` for, in order, without computing a hash: the shape of a proof
    depends only on the sizes, so a store can load every hash it needs in one go."""
    asked: list[tuple[int, int]] = []

    def record(start: int, end: int) -> bytes:
        asked.append((start, end))
        return b""

    build(record)
    return asked


# --- verification (RFC 9162 sections 2.1.3.2 and 2.1.4.2) ---------------------------------------


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes) -> bool:
    """Whether `path` proves that `leaf` (a leaf hash) is leaf `index` of the tree of `size` with `root`."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]
) -> bool:
    """Whether `path` proves that the tree of size `second` with `second_root` extends the tree of size
    `first` with `first_root`. Equal sizes need an empty path and equal roots; size 0 is consistent with
    everything."""
    if first == 0:
        return not path and first_root == EMPTY_ROOT
    if not 0 < first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    if not path:
        return False
    nodes = list(path)
    if first & (first - 1) == 0:
        nodes.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


# --- building the tree one leaf at a time --------------------------------------------------------


class TreeBuilder:
    """An append-only tree held as its right edge: the perfect subtrees of [0, size), largest first.

    `append` adds one leaf hash and returns every perfect subtree it completes, `(level, index, hash)`,
    the leaf itself first (level 0). `root()` is MTH of the leaves so far. Start from an existing tree
    by passing its size and the hashes of `perfect_subtrees(0, size)`."""

    def __init__(self, size: int = 0, edge: Sequence[bytes] = ()) -> None:
        expected = bin(size).count("1")
        if len(edge) != expected:
            raise ValueError(f"een boom van {size} bladeren heeft {expected} randdeelbomen, niet {len(edge)}")
        self.size = size
        self._edge: list[tuple[int, int, bytes]] = []
        position = 0
        for level in range(size.bit_length() - 1, -1, -1):
            if size >> level & 1:
                self._edge.append((level, position >> level, edge[len(self._edge)]))
                position += 1 << level

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        made = [(0, self.size, leaf)]
        level, index, value = 0, self.size, leaf
        while self._edge and self._edge[-1][0] == level:
            _, left_index, left = self._edge.pop()
            level, index, value = level + 1, left_index >> 1, node_hash(left, value)
            made.append((level, index, value))
        self._edge.append((level, index, value))
        self.size += 1
        return made

    def edge(self) -> list[tuple[int, int, bytes]]:
        return list(self._edge)

    def root(self) -> bytes:
        if not self._edge:
            return EMPTY_ROOT
        return fold([h for _, _, h in self._edge])
