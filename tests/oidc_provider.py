"""A real OpenID provider for the tests: panva's certified ``oidc-provider``
(npm, pinned in tests/oidc/package-lock.json) run by Node on a loopback port,
with its development login and consent pages.  Not a mock of the protocol: the
dashboard discovers it, is sent to it with PKCE, a state and a nonce, and
verifies its signed ID token."""

from __future__ import annotations

import socket
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "mi-dashboard", "test-client-secret-not-for-production"


def _install() -> None:
    """`make test` runs `npm ci` here; a bare pytest run does it too when the package is missing."""
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True,
                       timeout=300)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def provider(port: int, redirect_uri: str):
    """The provider serving ``http://127.0.0.1:<port>`` until the block ends."""
    _install()
    process = subprocess.Popen(["node", "provider.mjs", str(port), CLIENT_ID, CLIENT_SECRET, redirect_uri],
                               cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready = threading.Event()
    lines: list[str] = []

    def read():
        for line in process.stdout:
            lines.append(line)
            if line.startswith("listening"):
                ready.set()
    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(60):
            raise RuntimeError("the OpenID provider did not start: " + "".join(lines[-20:]))
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(30)
