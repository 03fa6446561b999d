"""Health and the CSRF token for API clients."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/healthz", tags=["system"], summary="Liveness: the server answers")
def health() -> dict[str, bool]:
    return {"ok": True}


@router.get("/api/v1/csrf", tags=["system"], summary="The CSRF token to send with writes")
def csrf(request: Request) -> dict[str, Any]:
    """Send the token back in the ``X-CSRF-Token`` header, with the cookie this sets."""
    return {"token": request.state.csrf_token, "header": "X-CSRF-Token"}


ROUTERS = [router]
