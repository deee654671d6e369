"""A real headless Chromium for the tests, driven over the DevTools protocol on a pipe.

Chromium's `--remote-debugging-pipe` speaks the Chrome DevTools Protocol (CDP) as JSON
messages separated by NUL bytes on file descriptors 3 (commands in) and 4 (replies and events
out). That needs nothing but the standard library: no websocket client, no Node.js, no
browser download (Playwright for Python brings a Node.js driver of its own). The browser is
/usr/bin/chromium from Debian, started with a new empty profile and without any of its own
network traffic (background networking, component updates, sync, QUIC off).

What a page did is collected from the protocol's events: every request the page made
(`Network.requestWillBeSent`), every console message (`Runtime.consoleAPICalled`,
`Log.entryAdded`) and every uncaught exception (`Runtime.exceptionThrown`).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--hide-scrollbars", "--mute-audio",
         "--remote-debugging-pipe")
TIMEOUT = 60.0


class BrowserError(RuntimeError):
    pass


@dataclass
class PageLog:
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (level, text)
    exceptions: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm(): dismissed

    def errors(self) -> list[str]:
        """Console errors and warnings, and uncaught exceptions."""
        found = [f"{level}: {text}" for level, text in self.console
                 if level in ("error", "warning", "assert")]
        return found + [f"exception: {text}" for text in self.exceptions]


class Chromium:
    """One browser process with one page (a tab) attached."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="dvcq-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire() -> None:  # in the child: the protocol's descriptors 3 and 4
            reading, writing = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.log = PageLog()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")

    # -- the protocol
    def call(self, method: str, session: str | None = None, **params: Any) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        reply = self._wait(lambda m: m.get("id") == message["id"])
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def send(self, method: str, **params: Any) -> Any:
        """A command to the page."""
        return self.call(method, self.session, **params)

    def _wait(self, wanted: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                self._record(message)
                if wanted(message):
                    return message  # type: ignore[no-any-return]
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("no answer from Chromium")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed the connection")
                self._buffer += chunk

    def _record(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        params = message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.log.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            self.log.console.append((params["type"], text))
        elif method == "Log.entryAdded":
            entry = params["entry"]
            self.log.console.append((entry["level"], entry["text"]))
        elif method == "Runtime.exceptionThrown":
            self.log.exceptions.append(params["exceptionDetails"].get("text", ""))
        elif method == "Page.javascriptDialogOpening":
            self.log.dialogs.append(params.get("message", ""))
            reply = {"id": -1, "method": "Page.handleJavaScriptDialog",
                     "params": {"accept": False}, "sessionId": self.session}
            os.write(self._to_browser, json.dumps(reply).encode("utf-8") + b"\0")

    # -- what the tests do
    def open(self, url: str, width: int = 1366, height: int = 900, script: bool = True,
             media: str = "screen") -> None:
        """Load `url` at a viewport `width` px wide, and wait until it has loaded."""
        self.log = PageLog()
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)
        self.send("Emulation.setScriptExecutionDisabled", value=not script)
        self.send("Emulation.setEmulatedMedia", media=media)
        # From a blank page, so that a load always happens (the same page with another
        # #fragment would only scroll).
        self.send("Page.navigate", url="about:blank")
        self._wait(lambda m: m.get("method") == "Page.loadEventFired")
        self.log = PageLog()
        self.send("Page.navigate", url=url)
        self._wait(lambda m: m.get("method") == "Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (run even when the page's own
        scripts are turned off: this is the test looking, not the page)."""
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                          awaitPromise=True)
        if "exceptionDetails" in reply:
            raise BrowserError(str(reply["exceptionDetails"]))
        return reply["result"].get("value")

    def screenshot(self, path: Path) -> None:
        """The whole page, not only what the window shows."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        width = int(self.evaluate("document.documentElement.clientWidth"))
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        path.write_bytes(base64.b64decode(data["data"]))

    def pdf(self) -> bytes:
        """The page printed on A4, as Chromium's print to PDF does it."""
        self.send("Emulation.setEmulatedMedia", media="")  # the print style sheet applies
        data = self.send("Page.printToPDF", paperWidth=8.27, paperHeight=11.69,
                         preferCSSPageSize=True, printBackground=True)
        return base64.b64decode(data["data"])

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
