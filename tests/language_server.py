"""A small Language Server Protocol client: drives the real yaml-language-server over stdio,
as VS Code's YAML extension does, to read the diagnostics, completions and hovers that users
see for a file and the schemas `dvcq schema` writes.

The server is yaml-language-server from npm (`.ci/run` installs it in `.ci/node/`);
`DVCQ_YAML_LANGUAGE_SERVER` may name another copy of its program.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any

REPO = Path(__file__).resolve().parent.parent
INSTALLED = REPO / ".ci" / "node" / "node_modules" / ".bin" / "yaml-language-server"


def find_server() -> str | None:
    named = os.environ.get("DVCQ_YAML_LANGUAGE_SERVER")
    if named:
        return named
    if INSTALLED.exists():
        return str(INSTALLED)
    return shutil.which("yaml-language-server")


class LanguageServer:
    """One server process; `open` a file, then ask for what an editor would show."""

    def __init__(self, program: str, root: Path) -> None:
        self.settings = workspace_settings(root)
        self.process = subprocess.Popen(
            [program, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=root)
        self.messages: Queue[dict[str, Any]] = Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.diagnosed: dict[str, int] = {}  # uri -> how many times diagnostics came
        self.pending: dict[int, Queue[dict[str, Any]]] = {}
        self.versions: dict[str, int] = {}  # the documents open, and their versions
        self.next_id = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "capabilities": {"textDocument": {
                "completion": {"completionItem": {"snippetSupport": True,
                                                  "documentationFormat": ["markdown",
                                                                          "plaintext"]}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "publishDiagnostics": {}}},
            "initializationOptions": {}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    # -- the protocol
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _colon, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self._handle(json.loads(stream.read(length)))

    def _handle(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            self._send({"jsonrpc": "2.0", "id": message["id"],
                        "result": self._answer(message["method"], message.get("params"))})
        elif "id" in message:
            with self.lock:
                waiting = self.pending.pop(message["id"], None)
            if waiting is not None:
                waiting.put(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            with self.lock:
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self.diagnosed[params["uri"]] = self.diagnosed.get(params["uri"], 0) + 1

    def _answer(self, method: str, params: Any) -> Any:
        if method == "workspace/configuration":
            return [self.settings.get(item.get("section", ""), self.settings)
                    for item in params["items"]]
        return None

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        with self.lock:
            self.next_id += 1
            ident = self.next_id
            answer: Queue[dict[str, Any]] = Queue()
            self.pending[ident] = answer
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        try:
            message = answer.get(timeout=timeout)
        except Empty:
            raise TimeoutError(f"yaml-language-server did not answer {method}") from None
        assert "error" not in message, message
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    # -- what an editor does
    def open(self, path: Path) -> str:
        """Open the file, or send its new text if it is open already."""
        uri = path.resolve().as_uri()
        text = path.read_text("utf-8")
        if uri in self.versions:
            self.versions[uri] += 1
            self.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": self.versions[uri]},
                "contentChanges": [{"text": text}]})
        else:
            self.versions[uri] = 1
            self.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        return uri

    def diagnose(self, path: Path, timeout: float = 30) -> list[dict[str, Any]]:
        return self.diagnose_all([path], timeout)[0]

    def diagnose_all(self, paths: list[Path], timeout: float = 60) -> list[list[dict[str, Any]]]:
        """The diagnostics of files once the server has read their schema: the first ones
        can come before the schema is loaded, so each file is sent again until two rounds
        agree."""
        counts = {path.resolve().as_uri(): self.diagnosed.get(path.resolve().as_uri(), 0)
                  for path in paths}
        uris = [self.open(path) for path in paths]
        deadline = time.monotonic() + timeout
        previous: dict[str, list[dict[str, Any]]] = {}
        pending = set(uris)
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no settled diagnostics for {sorted(pending)}")
            for uri in list(pending):
                if self.diagnosed.get(uri, 0) == counts[uri]:
                    continue
                counts[uri] = self.diagnosed[uri]
                current = self.diagnostics.get(uri, [])
                if uri in previous and previous[uri] == current:
                    pending.discard(uri)
                    continue
                previous[uri] = current
                self.open(paths[uris.index(uri)])
            time.sleep(0.02)
        return [previous[uri] for uri in uris]

    def complete(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        """Completion at a 0-based position, as on Ctrl+Space."""
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        items = result["items"] if isinstance(result, dict) else (result or [])
        return items  # type: ignore[no-any-return]

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        return "" if not result else str(result["contents"]["value"])

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def workspace_settings(root: Path) -> dict[str, Any]:
    """The settings VS Code sends: the defaults below, and the workspace's
    `.vscode/settings.json`, whose schema paths the YAML extension makes into file URIs."""
    settings = json.loads(json.dumps(SETTINGS))
    vscode = root / ".vscode" / "settings.json"
    if vscode.is_file():
        own = json.loads(vscode.read_text("utf-8"))
        settings["yaml"]["schemas"] = {
            (root / path).resolve().as_uri(): globs
            for path, globs in own.get("yaml.schemas", {}).items()}
    return settings


SETTINGS: dict[str, Any] = {
    "yaml": {"validate": True, "completion": True, "hover": True, "format": {"enable": False},
             "schemaStore": {"enable": False}, "yamlVersion": "1.2"},
    "http": {"proxy": "", "proxyStrictSSL": False},
    "[yaml]": {"editor.tabSize": 2},
    "editor": {"tabSize": 2},
    "files": {"associations": {}},
}
