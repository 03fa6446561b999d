"""The map: everyone on one canvas, coloured by discovered circle, sized by strength."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from kithkin.service.network_map import NetworkMap, network_map
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.layout import layout
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


def map_payload(graph: NetworkMap) -> MapAnswer:
    pos = layout(graph)
    index = {node.id: i for i, node in enumerate(graph.nodes)}
    me = next((n.id for n in graph.nodes if n.me), None)
    return MapAnswer(
        me=me,
        nodes=MapNodes(
            id=[n.id for n in graph.nodes],
            name=[n.name for n in graph.nodes],
            x=[round(float(x), 1) for x in pos[:, 0]],
            y=[round(float(y), 1) for y in pos[:, 1]],
            circle=[n.circle for n in graph.nodes],
            strength=[n.strength for n in graph.nodes],
        ),
        edges=MapEdges(
            a=[index[e.a] for e in graph.edges],
            b=[index[e.b] for e in graph.edges],
            w=[e.weight for e in graph.edges],
        ),
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
def map_api(app: AppDep) -> JSONResponse:
    return answer(map_payload(network_map(app)))


ROUTERS = [pages, api]
