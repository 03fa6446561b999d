"""The API's answers: a service's typed result, written as JSON exactly as ``--json`` prints it.

Each route declares the result's type as its ``response_model``, so OpenAPI
documents every answer; the body is :func:`kithkin.service.serial.jsonable` of
that result, the one serialisation the CLI uses too, so the CLI and the API give
the same shape (and the same text) for the same thing.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse

from kithkin.service.serial import jsonable


def answer(result: object, status_code: int = 200) -> JSONResponse:
    return JSONResponse(jsonable(result), status_code=status_code)
