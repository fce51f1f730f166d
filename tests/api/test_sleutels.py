"""Keys at rest (issue 13, finding 3): private signing keys are stored encrypted under a key file outside
the database, never copied into a backup in any form, a restore without that key file says so, and a new
statement key is published a full JWKS cache lifetime before it signs."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import re
import shutil

import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from api import attestatie
from audits.tables import Checkpointsleutel
from register.infra import keyvault, tlog
from register.services import backup
from register.tables import Ondertekeningssleutel
from tests import builders
from tests.helpers import cli, cli_env, empty_tables, migrate


def jwk_d(key: ec.EllipticCurvePrivateKey) -> str:
    """The private key's `d` as a JWK would write it (RFC 7518: base64url, 32 bytes)."""
    return (
        base64.urlsafe_b64encode(key.private_numbers().private_value.to_bytes(32, "big"))
        .rstrip(b"=")
        .decode()
    )


async def test_private_keys_are_stored_encrypted_and_never_backed_up(client, db, tmp_path, data_dir):
    assert (data_dir / "register.key").stat().st_mode & 0o777 == 0o600  # made by the first migrate
    await builders.audit_world()
    kid, key = await attestatie.active_key()
    await tlog.issue_checkpoint(force=True)
    statement_row = await Ondertekeningssleutel.select().where(Ondertekeningssleutel.kid == kid).first()
    checkpoint_row = await Checkpointsleutel.select().first()
    # in the database: no plain text, only AES-GCM ciphertext that the key file opens
    assert statement_row["private_pem"] is None and "PRIVATE KEY" not in statement_row["private_versleuteld"]
    der = keyvault.open_sealed(statement_row["private_versleuteld"], f"ondertekeningssleutel:{kid}")
    assert serialization.load_der_private_key(der, None).private_numbers() == key.private_numbers()
    sealed_checkpoint_key = checkpoint_row["private_versleuteld"]
    raw_checkpoint_key = keyvault.open_sealed(
        sealed_checkpoint_key, f"checkpointsleutel:{checkpoint_row['sleutel_id']}"
    )

    path = tmp_path / "register.jsonl.gz"
    await backup.dump(path)
    text = gzip.decompress(path.read_bytes()).decode()
    # `grep -c "PRIVATE KEY"` and the JWK `d` find nothing; nor do the encrypted private keys
    assert len(re.findall("PRIVATE KEY", text)) == 0
    assert jwk_d(key) not in text
    assert statement_row["private_versleuteld"] not in text and sealed_checkpoint_key not in text
    assert (
        base64.b64encode(raw_checkpoint_key).decode() not in text
        and base64.b64encode(der).decode() not in text
    )
    # what it does hold: the public halves, so old statements and checkpoints stay verifiable
    assert kid in text and checkpoint_row["publieke_sleutel"] in text


async def test_a_plain_key_of_before_is_encrypted_by_migrate(client, db):
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = attestatie.public_jwk(key)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    await Ondertekeningssleutel(
        kid=jwk["kid"],
        alg="ES256",
        private_pem=pem,
        public_jwk=jwk,
        aangemaakt_op=dt.datetime.now(dt.UTC),
        actief=True,
    ).save()
    assert await attestatie.secure_plain_keys() == 1
    row = await Ondertekeningssleutel.select().where(Ondertekeningssleutel.kid == jwk["kid"]).first()
    assert row["private_pem"] is None and row["private_versleuteld"]
    kid, loaded = await attestatie.active_key()
    assert kid == jwk["kid"] and loaded.private_numbers() == key.private_numbers()


async def test_a_new_key_is_published_a_jwks_cache_lifetime_before_it_signs(client, db):
    with time_machine.travel(builders.T0, tick=False) as t:
        first, _ = await attestatie.active_key()
        response = await client.get("/.well-known/jwks.json")
        max_age = int(re.search(r"max-age=(\d+)", response.headers["cache-control"]).group(1))
        new, vanaf = await attestatie.rotate(builders.BEHEER)
        assert vanaf - dt.datetime.now(dt.UTC) >= dt.timedelta(seconds=max_age)
        published = (await client.get("/.well-known/jwks.json")).json()["keys"]
        assert [k["kid"] for k in published] == [new, first]
        # a relying party that cached the JWKS just before the rotation never sees an unknown kid
        t.shift(dt.timedelta(seconds=max_age - 1))
        assert (await attestatie.active_key())[0] == first
        t.shift(dt.timedelta(seconds=1))
        assert (await attestatie.active_key())[0] == new


def test_restore_needs_the_key_file_the_backup_was_made_with(tmp_path):
    """On another machine: without the key file, or with another one, the restore stops and says so in
    Dutch; with a copy of the original it restores; told that the key file is lost, it restores and
    the audit log's personal values count as erased."""
    source_dir, target_dir = tmp_path / "bron", tmp_path / "doel"
    source_url = f"sqlite:///{source_dir / 'register.sqlite3'}"
    migrate(source_url, source_dir)
    source = cli_env(source_url, source_dir)
    assert cli(["demo-data"], source).returncode == 0
    path = tmp_path / "register.jsonl.gz"
    assert cli(["backup", str(path)], source).returncode == 0

    target_url = f"sqlite:///{target_dir / 'register.sqlite3'}"
    migrate(target_url, target_dir)  # makes a key file of its own
    target = cli_env(target_url, target_dir)
    other = cli(["restore", str(path)], target)
    assert other.returncode == 1
    assert "niets hersteld" in other.stderr
    assert (
        "gemaakt met sleutelbestand" in other.stderr
        and "op deze machine staat sleutelbestand" in other.stderr
    )
    (target_dir / "register.key").unlink()
    missing = cli(["restore", str(path)], target)
    assert missing.returncode == 1
    assert (
        "geen sleutelbestand op deze machine" in missing.stderr and "--sleutelbestand-kwijt" in missing.stderr
    )

    lost = cli(["restore", "--sleutelbestand-kwijt", str(path)], target)
    assert lost.returncode == 0, lost.stderr
    assert "tellen als gewist" in lost.stdout
    assert cli(["auditlog", "verify"], target).returncode == 0  # the log itself is whole

    shutil.copy(source_dir / "register.key", target_dir / "register.key")
    again = cli(["restore", "--force", str(path)], target)
    assert again.returncode == 0, again.stderr
    assert "Private ondertekeningssleutels staan nooit in een back-up" in again.stdout


async def test_a_restore_into_the_same_register_keeps_its_signing_keys(client, db, tmp_path):
    await builders.audit_world()
    kid, _ = await attestatie.active_key()
    await tlog.issue_checkpoint(force=True)
    checkpoint_key = (await Checkpointsleutel.select().first())["sleutel_id"]
    path = tmp_path / "register.jsonl.gz"
    await backup.dump(path)
    await builders.jobcoach()  # a change after the backup, undone by the restore
    await backup.restore(path, force=True)
    attestatie.clear_cache()
    assert (await attestatie.active_key())[0] == kid  # signs on, no new key
    assert (await Checkpointsleutel.select().first())["sleutel_id"] == checkpoint_key
    assert (await tlog.issue_checkpoint(force=True))["sleutel_id"] == checkpoint_key
    assert (await tlog.verify())["intact"] is True


async def test_a_restore_elsewhere_starts_a_new_key_and_keeps_the_old_ones_published(
    client, db, database_url, tmp_path
):
    await builders.audit_world()
    old, _ = await attestatie.active_key()
    path = tmp_path / "register.jsonl.gz"
    await backup.dump(path)
    await empty_tables(db, database_url)  # another machine: an empty, migrated database
    await backup.restore(path)
    attestatie.clear_cache()
    new, _ = await attestatie.active_key()  # no private key came along: a new one signs at once
    assert new != old
    published = [k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]]
    assert published == [new, old]  # statements signed with the old key still verify
