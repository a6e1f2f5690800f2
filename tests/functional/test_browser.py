"""The game in a real browser: ``hotseat serve`` driven by headless Chromium.

Needs Debian's ``chromium`` and the ``playwright`` package (never its bundled
browsers). Without them the test skips, unless HOTSEAT_REQUIRE_BROWSER=1 (CI),
where it fails instead.

The page's terminal is xterm.js drawing on a canvas, so there is no text in the
DOM to read. textual-serve keeps its ``Terminal`` in a private field; an init
script catches it as it is assigned (``this.terminal = new Terminal(...)``) and
the test reads the screen from the terminal's buffer, row by row.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Seconds for the game to draw a screen or answer a reply (cold start included).
SCREEN_TIMEOUT = 30

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer) window.__hotseatTerminal = value;
  },
});
"""

READ_SCREEN = """() => {
  const term = window.__hotseatTerminal;
  if (!term) return "";
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""


def browser_missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    if not os.access(CHROMIUM, os.X_OK):
        return "Chromium is not installed (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = browser_missing()
    if missing:
        if os.environ.get("HOTSEAT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"HOTSEAT_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"hotseat serve exited with {proc.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)  # a subprocess's port: nothing to await
    pytest.fail(f"hotseat serve did not open port {port} in {timeout}s:\n{log.read_text()}")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # "pid (comm) state ppid ...": comm may hold spaces, so split after ")".
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead; only its parent has yet to read its status.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, log: Path, db: Path) -> None:
        self.proc, self.url, self.log, self.db = proc, url, log, db


@pytest.fixture
def server(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTSEAT_", "OPENAI_"))}
    for name in ("DATA", "CONFIG", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = str(tmp_path / name.lower())
    port = free_port()
    log = tmp_path / "serve.log"
    db = tmp_path / "results.db"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "simulator", "serve", "--port", str(port), "--db", str(db)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        wait_for_port(port, proc, log)
        yield Server(proc, f"http://127.0.0.1:{port}", log, db)
    finally:
        # Politely first: on SIGTERM the server ends its games (own sessions).
        if proc.poll() is None:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Screen:
    """The game's screen in the page, read from xterm.js."""

    def __init__(self, page) -> None:
        self.page = page

    def text(self) -> str:
        return self.page.evaluate(READ_SCREEN)

    def wait_for(self, pattern: str, timeout: float = SCREEN_TIMEOUT) -> re.Match:
        """Wait until the screen matches the regular expression ``pattern``."""
        # Also stops waiting when the session ends (textual-serve marks the body).
        self.page.wait_for_function(
            f"""(pattern) => document.body?.classList.contains("-closed")
                || new RegExp(pattern, "im").test(({READ_SCREEN})())""",
            arg=pattern,
            timeout=timeout * 1000,
            polling=100,
        )
        found = re.search(pattern, self.text(), re.IGNORECASE | re.MULTILINE)
        if not found:
            pytest.fail(f"the game ended before the screen showed {pattern!r}")
        return found


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(CATCH_TERMINAL)
    # Hermetic: the page also asks Google for a font; only the game's server answers.
    page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
    yield page
    page.close()


def server_log(page, server: Server) -> str:
    """The server's log; once a game ended, with what it said as it died.

    The page closes when the game says "exit", before its last words reach
    the server's log, which ends a session with "a player left": wait for it.
    """
    log = server.log.read_text(errors="replace")
    with contextlib.suppress(Exception):
        if page.evaluate("document.body?.classList.contains('-closed')"):
            deadline = time.monotonic() + 5
            while "a player left" not in log and time.monotonic() < deadline:
                time.sleep(0.1)  # another process's log
                log = server.log.read_text(errors="replace")
    return log


@contextlib.contextmanager
def evidence_on_failure(page, server: Server, folder: Path):
    """On failure: a screenshot, the screen's text and the server's log, named in the error."""
    try:
        yield
    except BaseException as exc:
        shot = folder / "browser-failure.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(shot))
            exc.add_note(f"screenshot: {shot}")
        with contextlib.suppress(Exception):
            exc.add_note(f"screen:\n{Screen(page).text().rstrip()}")
        exc.add_note(f"hotseat serve log:\n{server_log(page, server)[-4000:]}")
        raise


SCENARIO = "tires-never-sold"
REPLY = "I'm so sorry you hauled those across town. I'll refund the $180 for you right now."


def expected_turn(reply: str) -> tuple[str, set[str]]:
    """What the game shows for ``reply``: its score line, and the lines the
    customer may answer with (the served game picks a fresh seed each round)."""
    from simulator.engine import Round
    from simulator.loader import find_scenario
    from simulator.tui.widgets.reply_text import score_summary

    scenario = find_scenario(SCENARIO).scenario
    turns = [Round(scenario, seed=seed).play(reply) for seed in range(40)]
    score = f"{turns[0].points} pts · {score_summary(turns[0].score)}"
    return score, {t.customer for t in turns}


def saved_turns(db: Path) -> list[tuple[str, str, str]]:
    """(scenario, reply, answer) for every turn in the results database."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute(
            "SELECT r.scenario_id, t.agent, t.customer FROM turns t "
            "JOIN rounds r ON r.id = t.round_id ORDER BY t.at"
        ).fetchall()


def open_game(page, server: Server) -> Screen:
    """Load the page, press textual-serve's Start button, wait for the library."""
    from simulator.loader import find_scenario

    screen = Screen(page)
    # ?delay makes textual-serve show its Start button instead of connecting at once.
    page.goto(f"{server.url}/?delay=1")
    with page.expect_navigation():  # Start reloads the page without ?delay
        page.click("#start")
    screen.wait_for(re.escape(find_scenario(SCENARIO).scenario.title))
    # Keys go to xterm.js through its hidden textarea (a click could pick a row).
    page.locator(".xterm-helper-textarea").focus()
    return screen


def test_a_round_in_the_browser(server, page, tmp_path):
    score_line, answers = expected_turn(REPLY)
    with evidence_on_failure(page, server, tmp_path):
        screen = open_game(page, server)
        # Home: typing filters the library, Enter plays the scenario under the cursor.
        page.keyboard.type(SCENARIO)
        page.keyboard.press("Enter")
        # a browser starts with no name: the game asks for one, then plays
        screen.wait_for(r"Type your name first")
        page.keyboard.type("Ann")
        page.keyboard.press("Enter")
        screen.wait_for(r"Type your reply")
        assert "I need to return these two tires" in screen.text()

        page.keyboard.type(REPLY)
        page.keyboard.press("Enter")
        screen.wait_for(re.escape(score_line))
        # The answer streams in; a prefix is enough (and survives narrow bubbles).
        screen.wait_for("|".join(re.escape(a[:30]) for a in answers))
        assert REPLY[:40] in screen.text()

    # Saved as it was played, in the database given to `hotseat serve --db`
    # (once the customer's line is complete: poll, the game is another process).
    deadline = time.monotonic() + SCREEN_TIMEOUT
    while not (turns := saved_turns(server.db)) and time.monotonic() < deadline:
        time.sleep(0.1)
    [(scenario, reply, answer)] = turns
    assert (scenario, reply) == (SCENARIO, REPLY)
    assert answer in answers


def game_pids(page, server: Server) -> list[int]:
    """Open the game in the page; the pids of the server's game processes."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the game process")
    open_game(page, server)
    games = children(server.proc.pid)
    assert games, "no game process under the server"
    return games


def wait_gone(pids: list[int], timeout: float = 15) -> list[int]:
    """The pids still alive after ``timeout`` seconds (a subprocess: polled)."""
    deadline = time.monotonic() + timeout
    while (left := [p for p in pids if alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_ctrl_c_ends_the_games_and_the_server(server, page, tmp_path):
    with evidence_on_failure(page, server, tmp_path):
        games = game_pids(page, server)

        server.proc.send_signal(signal.SIGINT)
        assert server.proc.wait(timeout=20) == 0
        assert not wait_gone(games, timeout=0), "a game outlived the server"
        log = server.log.read_text(errors="replace")
        assert "Traceback" not in log
        page.wait_for_selector("body.-closed", state="attached", timeout=10_000)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_games_end_when_the_server_is_killed(server, page, tmp_path):
    with evidence_on_failure(page, server, tmp_path):
        games = game_pids(page, server)
        server.proc.kill()
        server.proc.wait()
        assert not wait_gone(games), "a game played on after its server was killed"


def saved_players(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return [row[0] for row in conn.execute("SELECT player FROM rounds ORDER BY started_at")]


def play_as(page, server: Server, name: str) -> Screen:
    """Open the game in ``page``, pick the tire story, and play it as ``name``."""
    screen = open_game(page, server)
    assert "your name" in screen.text(), "the Player box should start empty in a browser"
    page.keyboard.type(SCENARIO)
    page.keyboard.press("Enter")  # no name yet: the game asks for one
    screen.wait_for(r"Type your name first")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    screen.wait_for(r"Type your reply")
    page.keyboard.type(REPLY)
    page.keyboard.press("Enter")
    screen.wait_for(r"pts ·")
    return screen


def test_two_browsers_keep_their_own_player_names(server, browser, tmp_path):
    # The local player's memory of the game, which the server must not touch.
    local = tmp_path / "config" / "hotseat" / "tui.json"
    local.parent.mkdir(parents=True, exist_ok=True)
    local.write_text('{"player": "local-user", "customer": "scripted"}')
    before = local.read_text()
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(2)]
    try:
        for context, name in zip(contexts, ("Alice", "Bruno"), strict=True):
            page = context.new_page()
            page.add_init_script(CATCH_TERMINAL)
            page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
            with evidence_on_failure(page, server, tmp_path):
                screen = play_as(page, server, name)
                shown = screen.text()
                assert "local-user" not in shown and "Alice" not in shown.replace(name, "")
        deadline = time.monotonic() + SCREEN_TIMEOUT
        while len(saved_players(server.db)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # the games are other processes: poll their saves
        assert saved_players(server.db) == ["Alice", "Bruno"]
        assert local.read_text() == before
    finally:
        for context in contexts:
            context.close()
