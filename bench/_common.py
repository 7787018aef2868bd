"""Helpers shared by the benchmarks: the app as deployed (gunicorn, DEBUG off) in a throwaway var dir or
PostgreSQL database, and percentiles. Prints nothing itself."""

from __future__ import annotations

import base64
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def deployed_env(var: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of a production-like instance: DEBUG off, fresh keys, plain http on loopback.
    Without `database_url`: SQLite in `var`, the embedded default."""
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SIGNAALWIJZER_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "SIGNAALWIJZER_LINK_KEY": secrets.token_urlsafe(32),
        "SIGNAALWIJZER_DEBUG": "false",
        "SIGNAALWIJZER_VAR_DIR": str(var),
        "SIGNAALWIJZER_SECURE_COOKIES": "false",  # plain http on loopback
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def database_recreated(database_url: str) -> None:
    """An empty PostgreSQL database at `database_url` (dropped first if it exists)."""
    _maintenance(database_url, "DROP DATABASE IF EXISTS {name} WITH (FORCE)", "CREATE DATABASE {name}")


def database_dropped(database_url: str) -> None:
    _maintenance(database_url, "DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _maintenance(database_url: str, *statements: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or name == "postgres":
        raise SystemExit(f"--database-url must name a database of its own, not {name or 'none'!r}")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        for statement in statements:
            connection.execute(sql.SQL(statement).format(name=sql.Identifier(name)))


def app_prepared(env: dict[str, str]) -> None:
    """migrate and collectstatic, as a deployment does before starting the app servers."""
    cli = str(BIN / "signaalwijzer")
    subprocess.run([cli, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([cli, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)


def gunicorn_started(
    env: dict[str, str], workers: int, log: Path | None = None
) -> tuple[subprocess.Popen, str]:
    """gunicorn with `workers` sync workers on a free loopback port; returns once it answers. With `log`,
    the server's own output (tracebacks of errors included) goes to that file instead of the terminal."""
    port = free_port()
    output = open(log, "ab") if log else None  # noqa: SIM115  (the server process keeps it open)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "signaalwijzer.config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=output,
        stderr=output,
    )
    if output:
        output.close()  # the child has its own copy
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        server.terminate()
        raise SystemExit(f"gunicorn did not answer on {base}")
    return server, base


def server_stopped(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
