"""The Merkle tree of RFC 9162 section 2.1: the Certificate Transparency reference vectors (8 leaves, from
certificate-transparency-go / transparency-dev/merkle `testonly`), and properties checked against a
verifier written here, independently, from the RFC's algorithms (sections 2.1.3.2 and 2.1.4.2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from register.rules import merkle
from tests.rfc9162 import rfc_mth, rfc_verify_consistency, rfc_verify_inclusion

# --- reference vectors ------------------------------------------------------------------------------

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
# MTH of the first n leaves, n = 0..8
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# every perfect subtree of the 8-leaf tree: NODES[level][index]
NODES = [
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]
# (leaf index, tree size) -> audit path, leaf to root
INCLUSION = {
    (0, 1): [],
    (0, 2): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"],
    (1, 2): ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}
# (first size, second size) -> consistency proof
CONSISTENCY = {
    (1, 1): [],
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}

LEAVES = [merkle.leaf_hash(d) for d in LEAF_INPUTS]


def from_leaves(leaves: list[bytes]):
    """subtree(start, end) for the proof builders, straight from the definition."""
    return lambda start, end: merkle.root_of(leaves[start:end])


# --- the vectors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(9))
def test_roots_of_the_reference_tree(n):
    assert merkle.root_of(LEAVES[:n]) == ROOTS[n]
    assert rfc_mth(LEAF_INPUTS[:n]) == ROOTS[n]
    builder = merkle.TreeBuilder()
    for leaf in LEAVES[:n]:
        builder.append(leaf)
    assert builder.root() == ROOTS[n]


def test_every_perfect_subtree_of_the_reference_tree():
    builder = merkle.TreeBuilder()
    made = {}
    for leaf in LEAVES:
        for level, index, value in builder.append(leaf):
            made[(level, index)] = value.hex()
    expected = {(level, i): h for level, row in enumerate(NODES) for i, h in enumerate(row)}
    assert made == expected


@pytest.mark.parametrize(("index", "size"), sorted(INCLUSION))
def test_inclusion_vectors(index, size):
    expected = [bytes.fromhex(h) for h in INCLUSION[(index, size)]]
    path = merkle.inclusion_path(index, size, from_leaves(LEAVES))
    assert path == expected
    assert merkle.verify_inclusion(index, size, LEAVES[index], path, ROOTS[size])
    assert rfc_verify_inclusion(index, size, LEAVES[index], path, ROOTS[size])


@pytest.mark.parametrize(("first", "second"), sorted(CONSISTENCY))
def test_consistency_vectors(first, second):
    expected = [bytes.fromhex(h) for h in CONSISTENCY[(first, second)]]
    path = merkle.consistency_path(first, second, from_leaves(LEAVES))
    assert path == expected
    assert merkle.verify_consistency(first, second, ROOTS[first], ROOTS[second], path)
    assert rfc_verify_consistency(first, second, ROOTS[first], ROOTS[second], path)


@pytest.mark.parametrize(("index", "size"), sorted(k for k in INCLUSION if INCLUSION[k]))
def test_a_wrong_inclusion_proof_fails(index, size):
    path = [bytes.fromhex(h) for h in INCLUSION[(index, size)]]
    leaf, root = LEAVES[index], ROOTS[size]
    assert not merkle.verify_inclusion(index ^ 1, size, leaf, path, root)
    assert not merkle.verify_inclusion(index, size * 2, leaf, path, root)
    assert not merkle.verify_inclusion(index, size, merkle.leaf_hash(b"anders"), path, root)
    assert not merkle.verify_inclusion(index, size, leaf, path, ROOTS[0])
    assert not merkle.verify_inclusion(index, size, leaf, [*path, root], root)
    assert not merkle.verify_inclusion(index, size, leaf, path[:-1], root)
    for i in range(len(path)):
        broken = list(path)
        broken[i] = ROOTS[0]
        assert not merkle.verify_inclusion(index, size, leaf, broken, root)


@pytest.mark.parametrize(("first", "second"), [(1, 8), (6, 8), (2, 5)])
def test_a_wrong_consistency_proof_fails(first, second):
    path = [bytes.fromhex(h) for h in CONSISTENCY[(first, second)]]
    r1, r2 = ROOTS[first], ROOTS[second]
    assert not merkle.verify_consistency(first, second, r2, r1, path)  # swapped roots
    assert not merkle.verify_consistency(first - 1 or 3, second, r1, r2, path)
    assert not merkle.verify_consistency(first, second * 2, r1, r2, path)
    assert not merkle.verify_consistency(first, second, r1, r2, [])
    assert not merkle.verify_consistency(first, second, r1, r2, [*path, r1])
    assert not merkle.verify_consistency(first, second, r1, r2, path[:-1])
    for i in range(len(path)):
        broken = list(path)
        broken[i] = ROOTS[0]
        assert not merkle.verify_consistency(first, second, r1, r2, broken)


def test_trivial_consistency():
    assert merkle.verify_consistency(0, 5, merkle.EMPTY_ROOT, ROOTS[5], [])
    assert merkle.verify_consistency(4, 4, ROOTS[4], ROOTS[4], [])
    assert not merkle.verify_consistency(4, 4, ROOTS[4], ROOTS[3], [])
    assert not merkle.verify_consistency(5, 4, ROOTS[5], ROOTS[4], [])
    with pytest.raises(ValueError):
        merkle.consistency_path(0, 3, from_leaves(LEAVES))
    with pytest.raises(ValueError):
        merkle.inclusion_path(3, 3, from_leaves(LEAVES))


# --- properties ---------------------------------------------------------------------------------------


def entries(n: int) -> list[bytes]:
    return [f"regel {i}".encode() for i in range(n)]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_inclusion_proof_verifies_independently(data):
    size = data.draw(st.integers(1, 300), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    d = entries(size)
    leaves = [merkle.leaf_hash(e) for e in d]
    root = rfc_mth(d)
    path = merkle.inclusion_path(index, size, from_leaves(leaves))
    assert rfc_verify_inclusion(index, size, merkle.leaf_hash(d[index]), path, root)
    assert merkle.verify_inclusion(index, size, leaves[index], path, root)
    # and not for another leaf
    other = (index + 1) % size
    if other != index:
        assert not rfc_verify_inclusion(index, size, leaves[other], path, root)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_consistency_proof_verifies_independently(data):
    second = data.draw(st.integers(1, 300), label="second")
    first = data.draw(st.integers(1, second), label="first")
    d = entries(second)
    leaves = [merkle.leaf_hash(e) for e in d]
    path = merkle.consistency_path(first, second, from_leaves(leaves))
    first_root, second_root = rfc_mth(d[:first]), rfc_mth(d)
    assert rfc_verify_consistency(first, second, first_root, second_root, path)
    assert merkle.verify_consistency(first, second, first_root, second_root, path)
    if first < second:
        # a rewritten history (one entry of the first tree changed) is never consistent
        changed = list(d)
        changed[data.draw(st.integers(0, first - 1), label="changed")] = b"vervalst"
        assert not rfc_verify_consistency(first, second, rfc_mth(changed[:first]), second_root, path)


@settings(max_examples=100, deadline=None)
@given(size=st.integers(0, 200), more=st.integers(0, 100))
def test_builder_resumes_from_its_edge_and_matches_the_definition(size, more):
    d = entries(size + more)
    leaves = [merkle.leaf_hash(e) for e in d]
    first = merkle.TreeBuilder()
    for leaf in leaves[:size]:
        first.append(leaf)
    # the edge is exactly the perfect subtrees of [0, size), and each is the MTH of its leaves
    edge = first.edge()
    assert [(level, index) for level, index, _ in edge] == (merkle.perfect_subtrees(0, size) if size else [])
    for level, index, value in edge:
        assert value == merkle.root_of(leaves[index << level : (index + 1) << level])
    resumed = merkle.TreeBuilder(size, [h for _, _, h in edge])
    for leaf in leaves[size:]:
        resumed.append(leaf)
    assert resumed.root() == rfc_mth(d)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_ranges_asked_by_proofs_are_runs_of_perfect_subtrees(data):
    second = data.draw(st.integers(1, 1000))
    first = data.draw(st.integers(1, second))
    index = data.draw(st.integers(0, second - 1))
    for start, end in merkle.ranges_needed(lambda s: merkle.consistency_path(first, second, s)) + (
        merkle.ranges_needed(lambda s: merkle.inclusion_path(index, second, s))
    ):
        parts = merkle.perfect_subtrees(start, end)
        assert sum(1 << level for level, _ in parts) == end - start
        assert len(parts) <= (end - start).bit_length()
