"""The document store (issue 15): the bytes of evidence documents, addressed by their SHA-256.

A store is anything with `bewaar`, `lees`, `verwijder`, `bestaat` and `opgeslagen_voor` (the `Opslag`
protocol), keyed by the content's SHA-256 as 64 lowercase hex digits, so the same file uploaded twice is
stored once. The default
is `BestandsOpslag`, a folder under the data directory (`<data_dir>/documenten/ab/cd/<sha256>`); an
S3-compatible store can be configured later by implementing the same four methods. The app factory and
the command line call `configure` at start; services use `huidige()`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")

_state: dict[str, Opslag] = {}


class Opslag(Protocol):
    """Content-addressed bytes. `bewaar` returns the SHA-256 (hex) of what it stored, and storing content
    that is already there counts as storing it now; `lees` raises FileNotFoundError for an unknown hash;
    `verwijder` of an unknown hash does nothing; `opgeslagen_voor(moment)` lists the hashes last stored
    before `moment` (aware datetime), for the sweep of files no document refers to."""

    def bewaar(self, inhoud: bytes) -> str: ...

    def lees(self, sha256: str) -> bytes: ...

    def verwijder(self, sha256: str) -> None: ...

    def bestaat(self, sha256: str) -> bool: ...

    def opgeslagen_voor(self, moment: dt.datetime) -> list[str]: ...


def sha256_van(inhoud: bytes) -> str:
    """The SHA-256 of `inhoud`, 64 lowercase hex digits: the address of the content in every store."""
    return hashlib.sha256(inhoud).hexdigest()


class BestandsOpslag:
    """The filesystem store: `<root>/<first 2 hex>/<next 2 hex>/<sha256>`, files mode 0600. A write goes
    to a temporary file in the same folder first and is renamed into place, so a reader never sees half a
    file and two writers of the same content do not disturb each other."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _pad(self, sha256: str) -> Path:
        if not SHA256_HEX.match(sha256):
            raise ValueError("geen SHA-256 in hex")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def bewaar(self, inhoud: bytes) -> str:
        sha = sha256_van(inhoud)
        pad = self._pad(sha)
        if pad.exists():
            # stored again now: the sweep of unreferenced files leaves a recent file alone, and this
            # upload's row is about to refer to it
            os.utime(pad)
            return sha
        pad.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tijdelijk = tempfile.mkstemp(dir=pad.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(inhoud)
            os.chmod(tijdelijk, 0o600)
            os.replace(tijdelijk, pad)
        except BaseException:
            Path(tijdelijk).unlink(missing_ok=True)
            raise
        return sha

    def lees(self, sha256: str) -> bytes:
        return self._pad(sha256).read_bytes()

    def verwijder(self, sha256: str) -> None:
        self._pad(sha256).unlink(missing_ok=True)

    def bestaat(self, sha256: str) -> bool:
        return self._pad(sha256).is_file()

    def opgeslagen_voor(self, moment: dt.datetime) -> list[str]:
        """The hashes whose file was last written (its modification time) before `moment`; temporary
        files of uploads in progress and anything else that is not a hash are skipped."""
        grens = moment.timestamp()
        if not self.root.is_dir():
            return []
        return sorted(
            pad.name
            for pad in self.root.glob("*/*/*")
            if SHA256_HEX.match(pad.name)
            and pad.parent.parent.name == pad.name[:2]
            and pad.parent.name == pad.name[2:4]
            and pad.is_file()
            and pad.stat().st_mtime < grens
        )


def configure(opslag: Opslag) -> None:
    """Use this store in this process (the app factory and the command line call it at start)."""
    _state["opslag"] = opslag


def voor_data_dir(data_dir: Path) -> BestandsOpslag:
    """The default store of a data directory: `<data_dir>/documenten`."""
    return BestandsOpslag(Path(data_dir) / "documenten")


def huidige() -> Opslag:
    """The configured store; raises RuntimeError when none was configured (a programming error)."""
    try:
        return _state["opslag"]
    except KeyError:
        raise RuntimeError("geen documentopslag geconfigureerd (register.infra.opslag.configure)") from None
