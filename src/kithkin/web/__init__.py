"""The web app: routing, rendering and HTTP over the same service functions as the CLI."""

from kithkin.web.app import create_app
from kithkin.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
