"""The API's answers: a service's typed result, written as JSON exactly as ``--json`` prints it.

Each route declares the result's type as its ``response_model``, so OpenAPI
documents every answer; the body is :func:`kithkin.service.serial.jsonable` of
that result, the one serialisation the CLI uses too, so the CLI and the API give
the same shape (and the same text) for the same thing.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from kithkin.service.serial import jsonable


def answer(result: object, status_code: int = 200) -> JSONResponse:
    return JSONResponse(jsonable(result), status_code=status_code)


class Problem(BaseModel):
    """Every refusal: one line (our own errors), or FastAPI's list for a malformed request."""

    detail: str | list[dict[str, Any]]


# The refusals any route may answer with, documented once for the whole API.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": said}
    for status, said in [
        (403, "Refused: a missing or wrong CSRF token"),
        (404, "Not found: an unknown person, circle, proposal…"),
        (422, "Invalid input: a value that cannot be used"),
        (503, "The database is busy or unreachable; try again (see Retry-After)"),
        (507, "The disk is full"),
    ]
}
