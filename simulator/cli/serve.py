"""``hotseat serve``: the game in a browser, one game process per browser tab.

textual-serve runs a shell command for each browser that connects and relays
its terminal over a websocket. The command is the game itself, so a browser
player sees exactly what a terminal player sees, tournament join codes
included: nothing here hands the game a player, a tournament or a code.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import shlex
import socket
import sys
from functools import partial
from pathlib import Path

from simulator.cli.options import add_db_option, add_scenarios_option, library_from
from simulator.errors import HotseatError, UsageError

TITLE = "Hotseat"


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the game to browsers",
        description="Serve the game to web browsers (textual-serve): every browser tab "
        "gets its own game. Binds 127.0.0.1 unless --host says otherwise.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it is not the one they asked for "
        "(e.g. behind a reverse proxy: https://hotseat.example.com)",
    )
    add_db_option(p)
    add_scenarios_option(p)
    p.set_defaults(func=run)


def game_command(scenarios: list[str] | None = None, no_builtin: bool = False) -> str:
    """The shell command textual-serve runs for each browser: the game itself."""
    # This module's child entry point opens the game for one browser: with
    # the scenario folders given, and remembering nothing on disk, so each
    # browser is its own player ($HOTSEAT_SCENARIOS and config.toml reach it
    # by themselves).
    argv = [sys.executable, "-m", "simulator.cli.serve"]
    for path in scenarios or []:
        argv += ["--scenarios", str(Path(path).expanduser().resolve())]
    if no_builtin:
        argv.append("--no-builtin")
    # textual-serve hands the command to a shell: quote every word, and let
    # the game replace the shell so the process the server stops is the game.
    command = shlex.join(argv)
    return f"exec {command}" if os.name == "posix" else command


def is_loopback(host: str) -> bool:
    """True when every address ``host`` resolves to is a loopback address."""
    try:
        infos = socket.getaddrinfo(host or None, None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return False
    addresses = {str(info[4][0]).split("%")[0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def check_port(host: str, port: int) -> None:
    """Fail with one line now if the server could not bind ``host:port``."""
    if not 1 <= port <= 65535:
        raise UsageError(f"--port {port}: pick a port from 1 to 65535")
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        raise UsageError(f"cannot serve on '{host}': {exc.strerror or exc}") from None
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as probe:
            # aiohttp binds with SO_REUSEADDR too, so a port in TIME_WAIT is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise bind_error(host, port, exc) from None


def bind_error(host: str, port: int, exc: OSError) -> HotseatError:
    if exc.errno == errno.EADDRINUSE:
        return UsageError(f"port {port} on {host} is in use: pick another with --port")
    if exc.errno == errno.EACCES:
        return UsageError(f"not allowed to bind port {port}: pick one above 1023 with --port")
    return UsageError(f"cannot serve on {host}:{port}: {exc.strerror or exc}")


def check_db(db: str | None) -> None:
    """A malformed ``--db`` is a one-line error now, not one in every browser."""
    if db:
        from simulator.storage.connect import resolve_url

        resolve_url(db)


#: Seconds a game gets to quit when its browser leaves or the server stops.
QUIT_TIMEOUT = 5.0


def make_server(command: str, host: str, port: int, public_url: str | None):
    """A textual-serve server for ``command``; textual-serve is imported only here."""
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    log = logging.getLogger("hotseat.serve")

    class GameProcess(AppService):
        """One browser's game, in a session of its own, always reaped.

        Its own session keeps a Ctrl+C in the server's terminal from reaching
        the games: the server asks each to quit instead, so a round in
        progress is closed the way the game closes it. textual-serve never
        waits for the process; ``stop`` does, and kills it if it hangs.
        """

        async def _open_app_process(self, width: int = 80, height: int = 24):
            self._process = await asyncio.create_subprocess_shell(
                self.command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width=width, height=height),
                start_new_session=True,
                preexec_fn=die_with_parent(),
            )
            self._stdin = self._process.stdin
            return self._process

        async def run(self) -> None:
            await super().run()
            sys.stdout.flush()  # what the game said on stderr, now, not at exit
            # The game is gone (quit or crashed): the page says "Session ended"
            # and offers a restart, instead of a terminal that never answers.
            await self.remote_close()

        async def stop(self) -> None:
            # A game that ignores "quit" is killed below.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(super().stop(), QUIT_TIMEOUT)
            process = self._process
            if process is None:
                return
            try:
                await asyncio.wait_for(process.wait(), QUIT_TIMEOUT)
            except TimeoutError:
                log.warning("a game did not quit; killing it (pid %s)", process.pid)
                process.kill()
                await process.wait()

    class HotseatServer(Server):
        """textual-serve with one-line logs, reaped games and a clean Ctrl+C."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: dict[web.WebSocketResponse, GameProcess] = {}

        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.INFO, format="hotseat: %(message)s")
            # One line per player, from handle_websocket, not one per request.
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app) -> None:
            # Instead of textual-serve's banner, which prints the command line.
            shown = public_url or f"http://{host_for_url(host)}:{port}"
            print(f"hotseat: serving the game on {shown}  (Ctrl+C to stop)", flush=True)

        async def on_shutdown(self, app) -> None:
            # Before aiohttp waits for open websockets: end every game first.
            sessions = list(self.sessions.items())
            await asyncio.gather(*(game.stop() for _, game in sessions))
            await asyncio.gather(*(ws.close() for ws, _ in sessions))

        async def handle_index(self, request):
            # textual-serve writes absolute URLs (scripts, websocket) into the
            # page. Built from --host they are wrong for a browser elsewhere when
            # the server binds 0.0.0.0, so unless --public-url fixes them they
            # come from the address the browser itself used.
            if not public_url:
                self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # textual-serve's own handler, with GameProcess and a session count.
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width"), 80)
            height = to_int(request.query.get("height"), 24)
            game = None
            try:
                await websocket.prepare(request)
                game = GameProcess(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=partial(_close, websocket),
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                self.sessions[websocket] = game
                log.info("a player joined from %s (%d playing)", request.remote, len(self.sessions))
                await game.start(width, height)
                await self._process_messages(websocket, game)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:
                log.exception(error)
            finally:
                if game is not None:
                    await game.stop()
                    del self.sessions[websocket]
                    log.info("a player left (%d playing)", len(self.sessions))
            return websocket

    return HotseatServer(command, host=host, port=port, title=TITLE, public_url=public_url)


def die_with_parent():
    """On Linux, a function for the forked game that makes it end with the server.

    A game whose server is killed outright would otherwise play on alone: its
    stdin closing does not end a Textual app, and a SIGTERM asks it to quit
    through a web driver whose pipes are gone (once seen to hang). So it gets
    SIGKILL, a crash the store is built for: turns are saved as they are played.
    Elsewhere: None, no such call.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up now, not in the child
    pr_set_pdeathsig = 1
    sigkill = int(signal.SIGKILL)

    def arm() -> None:
        prctl(pr_set_pdeathsig, sigkill)

    return arm


def to_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def run(args) -> int:
    check_port(args.host, args.port)
    check_db(args.db)
    if not is_loopback(args.host):
        print(
            f"hotseat: warning: serving on {args.host}, not 127.0.0.1: anyone who can reach "
            f"this machine on port {args.port} can play, under any name they type",
            file=sys.stderr,
        )
    if args.db:
        # Through the environment (textual-serve copies it into every game),
        # so a database password stays off command lines and the console.
        os.environ["HOTSEAT_DB"] = args.db
    server = make_server(
        game_command(args.scenarios, args.scenarios_no_builtin),
        args.host,
        args.port,
        args.public_url,
    )
    try:
        server.serve()
    except OSError as exc:  # lost the port between the check and the bind
        raise bind_error(args.host, args.port, exc) from None
    return 0


async def _close(websocket) -> None:
    # GameProcess awaits a close that returns nothing; aiohttp's returns a bool
    await websocket.close()


def child_main(argv: list[str]) -> int:
    """The game for one browser: its own player, theme and options, kept in
    memory only (never the local user's ``tui.json``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="hotseat")
    add_scenarios_option(parser)
    args = parser.parse_args(argv)
    try:
        from simulator.cli.tui_launch import launch_tui
        from simulator.launch import LaunchOptions

        return launch_tui(LaunchOptions(paths=library_from(args), served=True))
    except HotseatError as exc:
        print(f"hotseat: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
