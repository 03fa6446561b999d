"""``kith serve``: the web app on this machine."""

from __future__ import annotations

import threading

import typer

from kithkin.cli.context import app_of, console
from kithkin.cli.root import app


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on; keep 127.0.0.1 unless you mean it."
    ),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open the web browser."),
    demo: bool = typer.Option(
        False, "--demo", help="Build the demo network first when the database is empty."
    ),
) -> None:
    """Serve the web app: agenda, people, paths, map, import and report, plus a JSON API.

    Example: kith --db demo.db serve --demo --port 8765
    """
    import uvicorn

    from kithkin.service import overview
    from kithkin.web import WebSettings, create_app

    app_obj = app_of(ctx)
    if demo and overview.network_status(app_obj).people == 0:
        from kithkin.service.demo import build_demo

        console.print("Building the demo network…")
        build_demo(app_obj)
    web = create_app(app_obj, WebSettings.for_host(host))
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    console.print(f"Kithkin is at {url} — press Ctrl+C to stop.")
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]Listening on {host}: other machines may reach your network.[/]")
    if not no_browser:
        # Give the server a moment to bind before the browser asks for the page.
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
