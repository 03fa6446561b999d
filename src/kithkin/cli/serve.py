"""``kith serve``: the web app on this machine."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kithkin.cli.context import app_of, console
from kithkin.cli.root import app
from kithkin.errors import InvalidInput

# How long a thread runs before another may take over (Python's default is 5 ms); see
# docs/scale.md for what it changes under load.
SWITCH_INTERVAL_S = 0.0005

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from starlette.types import ASGIApp

    from kithkin.service.app import App
    from kithkin.web.exposure import Exposure


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on; keep 127.0.0.1 unless you mean it. Any other address "
        "needs a password (--set-password); a team server needs TLS (--tls-cert/--tls-key) "
        "or --behind-proxy.",
    ),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open the web browser."),
    demo: bool = typer.Option(
        False, "--demo", help="Build the demo network first when the database is empty."
    ),
    set_password: bool = typer.Option(
        False,
        "--set-password",
        help="Ask for a new password (typed twice, not shown); from then on the web app "
        "asks for it on a login page. Its argon2id hash is kept beside the database.",
    ),
    tls_cert: Path | None = typer.Option(
        None, "--tls-cert", help="Speak HTTPS with this certificate (PEM); needs --tls-key."
    ),
    tls_key: Path | None = typer.Option(
        None, "--tls-key", help="The private key (PEM) of --tls-cert."
    ),
    behind_proxy: str | None = typer.Option(
        None,
        "--behind-proxy",
        help="The reverse proxy in front (an address, a network or a host name) that speaks "
        "TLS to browsers: only it may connect, and its X-Forwarded-For/-Proto are believed.",
    ),
    team: bool = typer.Option(
        False,
        "--team",
        help="Serve the team kept in this PostgreSQL database (kith team init): each "
        "member logs in with their own account and sees their own network and the team's.",
    ),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="Another host name the server answers to: the name or address other machines "
        "use to reach it (repeatable; '*' answers to any).",
    ),
) -> None:
    """Serve the web app: agenda, people, paths, map, import and report, plus a JSON API.

    Example: kith --db demo.db serve --demo --port 8765

    Example: kith serve --host 0.0.0.0 --allow-host laptop.local --set-password

    Example: kith --db postgresql+psycopg://kith@db/team serve --team --host 0.0.0.0
    --allow-host kith.example.org --tls-cert cert.pem --tls-key key.pem
    """
    import uvicorn

    from kithkin.service.when import parse_now
    from kithkin.store import Settings
    from kithkin.web import WebSettings
    from kithkin.web.exposure import Exposure, ProxyOnly, proxy_networks
    from kithkin.web.settings import is_loopback

    exposure = Exposure(host, tls_cert, tls_key, behind_proxy)
    web: ASGIApp
    if team:
        if set_password or demo:
            raise InvalidInput(
                "a team server has accounts (kith team add-member), not one password or the "
                "demo: leave out --set-password and --demo"
            )
        exposure.check(team=True, password_set=True)
        # The root callback opened no single-user App: the team's database has none.
        given = ctx.find_root().params
        url = Settings.from_env(given.get("db")).database_url
        now = parse_now(given["now"]) if given.get("now") else None
        closing, web = _team_web(url, now, host, allow_host)
    else:
        app_obj = app_of(ctx)
        closing, web = None, _single_user_web(app_obj, exposure, set_password, demo, allow_host)
    if behind_proxy is not None:
        web = ProxyOnly(web, proxy_networks(behind_proxy))
    shown = f"[{host}]" if ":" in host else host
    scheme = "https" if exposure.tls else "http"
    url = f"{scheme}://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    console.print(f"Kithkin is at {url} — press Ctrl+C to stop.")
    if not is_loopback(host):
        who = "every member logs in" if team else "they must log in with the password"
        console.print(f"[yellow]Listening on {host}: other machines may reach it; {who}.[/]")
        names = ", ".join(WebSettings.for_host(host, tuple(allow_host)).allowed_hosts)
        console.print(f"Answering to the host names: {names} (add more with --allow-host).")
    if not no_browser:
        # Give the server a moment to bind before the browser asks for the page.
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        uvicorn.run(
            web,
            host=host,
            port=port,
            log_level="warning",
            server_header=False,
            # ProxyOnly reads the proxy's headers itself, from the proxy alone.
            proxy_headers=False,
            ssl_certfile=str(tls_cert) if tls_cert else None,
            ssl_keyfile=str(tls_key) if tls_key else None,
        )
    finally:
        if closing is not None:
            closing()


def _single_user_web(
    app_obj: App, exposure: Exposure, set_password: bool, demo: bool, allow_host: list[str]
) -> ASGIApp:
    from kithkin.service import login as logins
    from kithkin.service import overview
    from kithkin.web import WebSettings, create_app

    login: logins.Login | None
    if set_password:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
        login = logins.set_password(app_obj.settings, password)
        console.print(f"Password set; its hash is in {login.path}. Earlier sessions have ended.")
    else:
        login = logins.load_login(app_obj.settings)
    exposure.check(team=False, password_set=login is not None)
    if demo and overview.network_status(app_obj).people == 0:
        from kithkin.service.demo import build_demo

        console.print("Building the demo network…")
        build_demo(app_obj)
    return create_app(app_obj, WebSettings.for_host(exposure.host, tuple(allow_host), login))


def _team_web(
    url: str, now: datetime | None, host: str, allow_host: list[str]
) -> tuple[Callable[[], None], ASGIApp]:
    """The team's web app, and how to close the team when the server stops."""
    from sqlalchemy.engine import make_url

    from kithkin.service.team import open_team
    from kithkin.web import WebSettings
    from kithkin.web.team import create_team_app

    if make_url(url).get_backend_name() != "postgresql":
        raise InvalidInput(
            "a team server needs PostgreSQL: kith --db postgresql+psycopg://USER@HOST/DB "
            "serve --team (after kith team init)"
        )
    team = open_team(url, now=now)
    # Many members at once share one process: a short request (a page, team reach) takes
    # its turn between long ones (a network loaded and scored) sooner.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    return team.close, create_team_app(team, WebSettings.for_host(host, tuple(allow_host)))
