"""The map: everyone on one canvas, coloured by discovered circle, sized by strength."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kithkin.service.network_map import KeptMap, map_data
from kithkin.service.read_model.network_map import MapColumns
from kithkin.service.serial import jsonable
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["map"])

# Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito first).
PALETTE = [
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#d55e00",
    "#56b4e9",
    "#8c6d1f",
    "#6a3d9a",
    "#b2182b",
    "#1b7837",
    "#5e3c99",
    "#e7298a",
]
NO_CIRCLE = "#9aa5b1"
SMALL = 3  # circles smaller than this are grey: colour is for groups


def colour(index: int, size: int) -> str:
    if index <= 0 or size < SMALL:
        return NO_CIRCLE
    return PALETTE[(index - 1) % len(PALETTE)]


@dataclass
class MapNodes:
    id: list[int]
    name: list[str]
    x: list[float]
    y: list[float]
    circle: list[int]
    strength: list[float]


@dataclass
class MapEdges:
    a: list[int]  # positions in the node columns
    b: list[int]
    w: list[float]


@dataclass
class MapCircleColour:
    index: int
    name: str
    size: int
    colour: str


@dataclass
class MapAnswer:
    """Columns rather than one object per person: 5,000 people stay well under 2 MB."""

    me: int | None
    nodes: MapNodes
    edges: MapEdges
    circles: list[MapCircleColour]
    brokers: list[int]


def map_payload(data: KeptMap) -> MapAnswer:
    graph, cols = data.map, data.columns
    me = next((n.id for n in graph.nodes if n.me), None)
    return MapAnswer(
        me=me,
        nodes=MapNodes(cols.id, cols.name, cols.x, cols.y, cols.circle, cols.strength),
        edges=MapEdges(cols.a, cols.b, cols.w),
        circles=[
            MapCircleColour(c.index, c.name, c.size, colour(c.index, c.size)) for c in graph.circles
        ],
        brokers=graph.brokers,
    )


@pages.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    # The page is a shell; the browser fetches the graph from the API and draws it.
    return render(request, "map.html")


@api.get(
    "/map",
    response_model=MapAnswer,
    summary="The whole network as columns: people, ties, circles and brokers",
)
def map_api(app: AppDep) -> Response:
    return Response(map_json(map_data(app)), media_type="application/json")


NODE_COLUMNS = ("id", "name", "x", "y", "circle", "strength")
EDGE_COLUMNS = ("a", "b", "w")


def map_json(data: KeptMap) -> bytes:
    """``answer(map_payload(data))``'s body, written from the columns the read model keeps
    as JSON: after a logged interaction only the columns that moved are written again."""
    graph, cols = data.map, data.columns
    small = map_payload(replace(data, columns=_NO_COLUMNS))  # me, circles, brokers
    nodes = ",".join(f'"{c}":{cols.json(c)}' for c in NODE_COLUMNS)
    edges = ",".join(f'"{c}":{cols.json(c)}' for c in EDGE_COLUMNS)
    rest = _compact({"circles": jsonable(small.circles), "brokers": graph.brokers})
    return (
        f'{{"me":{_compact(small.me)},"nodes":{{{nodes}}},"edges":{{{edges}}},{rest[1:]}'.encode()
    )


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_NO_COLUMNS = MapColumns([], [], [], [], [], [], [], [], [])


ROUTERS = [pages, api]
