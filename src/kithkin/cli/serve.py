"""``kith serve``: the web app on this machine."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kithkin.cli.context import app_of, console
from kithkin.cli.root import app
from kithkin.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable

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
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=32,
        help="A team server only: how many web processes serve it (each keeps the read "
        "models of the members it served; see docs/scale.md).",
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

    from kithkin.web import WebSettings
    from kithkin.web.exposure import Exposure, ProxyOnly, proxy_networks
    from kithkin.web.settings import is_loopback

    exposure = Exposure(host, tls_cert, tls_key, behind_proxy)
    web: ASGIApp | str
    closing: Callable[[], None] | None
    if team:
        if set_password or demo:
            raise InvalidInput(
                "a team server has accounts (kith team add-member), not one password or the "
                "demo: leave out --set-password and --demo"
            )
        # Only a team server loads the team modules: a single-user one starts without them.
        from kithkin.service.team import open_team
        from kithkin.service.when import parse_now
        from kithkin.store import Settings
        from kithkin.web.team.served import team_web, worker_environment

        exposure.check(team=True, password_set=True)
        # The root callback opened no single-user App: the team's database has none.
        given = ctx.find_root().params
        db_url = Settings.from_env(given.get("db")).database_url
        _check_team_url(db_url)
        if workers > 1:
            # Opened once here, so that a database without a team is refused in one line;
            # each worker then builds the app itself (web.team.served) from this environment.
            open_team(db_url).close()
            os.environ.update(
                worker_environment(db_url, given.get("now"), host, allow_host, behind_proxy)
            )
            web = "kithkin.web.team.served:served_app"
            closing = None
        else:
            now = parse_now(given["now"]) if given.get("now") else None
            opened, web = team_web(db_url, now, host, allow_host, behind_proxy)
            closing = opened.close
    else:
        if workers > 1:
            raise InvalidInput(
                "--workers is for a team server (--team): a single-user server is one process"
            )
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
            factory=isinstance(web, str),
            workers=workers if isinstance(web, str) else None,
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


def _check_team_url(url: str) -> None:
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() != "postgresql":
        raise InvalidInput(
            "a team server needs PostgreSQL: kith --db postgresql+psycopg://USER@HOST/DB "
            "serve --team (after kith team init)"
        )
