"""A private Virtuoso server for the remote-endpoint tests (session-scoped fixture).

It copies Debian's /etc/virtuoso-opensource-7/virtuoso.ini into a temporary folder,
points the database files there, binds both ports to 127.0.0.1 on free ports, sets a
non-default dba password (``+pwdold dba +pwddba NEW``: Virtuoso changes it and exits),
then starts ``virtuoso-t +foreground`` and waits until HTTP answers. Import the fixture
into a test module with ``from conftest_virtuoso import virtuoso``.
"""

from __future__ import annotations

import re
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from conftest import require, require_tool

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class Virtuoso:
    http_port: int
    password: str
    folder: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def private_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """The system ini with ports on 127.0.0.1 and every database file inside ``folder``."""
    db_keys = {"DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile",
               "xa_persistent_file"}
    section, lines = "", []
    for line in SYSTEM_INI.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^\s*\[(.+)\]\s*$", line):
            section = match.group(1)
        elif match := re.match(r"^(\s*)([A-Za-z_]+)(\s*=\s*)([^;]*?)(\s*(;.*)?)$", line):
            indent, key, equals, value, _, _ = match.groups()
            if section in ("Database", "TempDatabase") and key in db_keys:
                line = f"{indent}{key}{equals}{folder / Path(value).name}"
            elif section == "Parameters" and key == "ServerPort":
                line = f"{indent}{key}{equals}127.0.0.1:{sql_port}"
            elif (section, key) in (("HTTPServer", "ServerPort"), ("URIQA", "DefaultHost")):
                line = f"{indent}{key}{equals}127.0.0.1:{http_port}"
            elif section == "Parameters" and key == "DirsAllowed":
                line = f"{indent}{key}{equals}{value}, {folder}"
        lines.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


def _wait_for_http(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"virtuoso-t exited with {process.returncode}: "
                        f"{log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"Virtuoso did not answer on {url} within {START_TIMEOUT:.0f} s")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[Virtuoso]:
    binary = require_tool("virtuoso-t")
    require(SYSTEM_INI.is_file(), f"{SYSTEM_INI} is missing (Debian virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    ini = private_ini(folder, free_port(), http_port := free_port())
    password = "ckg-" + secrets.token_hex(8)
    log = folder / "stdout.log"
    # First start: create the database and change dba's password; Virtuoso then exits.
    with open(log, "ab") as out:
        subprocess.run([binary, "+foreground", "+configfile", str(ini), "+pwdold", "dba",
                        "+pwddba", password], cwd=folder, stdout=out, stderr=subprocess.STDOUT,
                       timeout=START_TIMEOUT, check=True)
    with open(log, "ab") as out:
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_http(process, f"http://127.0.0.1:{http_port}/sparql", log)
        yield Virtuoso(http_port, password, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
