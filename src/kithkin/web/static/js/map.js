// The network map: the server sends positions and colours, sigma.js draws them with WebGL.
"use strict";

(function () {
  const el = document.getElementById("map");
  const status = document.getElementById("map-status");
  if (!el || !status) return;

  function item(list, href, colour, text) {
    const li = document.createElement("li");
    if (colour) {
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = colour; // CSSOM, allowed by the style-src policy
      li.append(swatch);
    }
    const label = document.createElement(href ? "a" : "span");
    if (href) label.href = href;
    label.textContent = text; // text, never HTML: names are user data
    li.append(label);
    list.append(li);
  }

  async function draw() {
    const response = await fetch(el.dataset.src, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      status.textContent = body.detail || `The map could not be loaded (${response.status}).`;
      return;
    }
    const data = await response.json();
    const received = performance.now();
    const nodes = data.nodes;
    const colours = new Map(data.circles.map((c) => [c.index, c.colour]));
    const brokers = new Set(data.brokers);
    const graph = new graphology.UndirectedGraph();
    for (let i = 0; i < nodes.id.length; i++) {
      const id = nodes.id[i];
      const me = id === data.me;
      const broker = brokers.has(id);
      graph.addNode(String(id), {
        x: nodes.x[i],
        y: nodes.y[i],
        size: me ? 9 : 2 + 7 * nodes.strength[i],
        label: (broker ? "◆ " : "") + nodes.name[i],
        color: me ? "#1c2430" : colours.get(nodes.circle[i]) || "#9aa5b1",
        borderColor: broker ? "#1c2430" : "#ffffff",
        type: broker ? "border" : "circle",
        forceLabel: me || broker,
        zIndex: me || broker ? 2 : 1,
      });
    }
    const edges = data.edges;
    for (let k = 0; k < edges.a.length; k++) {
      const a = String(nodes.id[edges.a[k]]);
      const b = String(nodes.id[edges.b[k]]);
      if (a !== b && !graph.hasEdge(a, b)) {
        // My own ties reach everyone: drawn faintly so the circles' inner ties stand out.
        const mine = a === String(data.me) || b === String(data.me);
        graph.addEdge(a, b, { size: 0.2 + edges.w[k] * 1.2, color: mine ? "#edf0f3" : "#cbd2da" });
      }
    }
    const NodeBorder = Sigma.rendering.createNodeBorderProgram({
      borders: [
        { size: { value: 0.35 }, color: { attribute: "borderColor" } },
        { size: { fill: true }, color: { attribute: "color" } },
      ],
    });
    let hovered = null;
    const renderer = new Sigma(graph, el, {
      nodeProgramClasses: { border: NodeBorder },
      zIndex: true,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.5,
      labelFont: "system-ui, sans-serif",
      hideEdgesOnMove: graph.size > 20000,
      // Hovering a person dims everyone not tied to them.
      nodeReducer: (node, attrs) => {
        if (hovered && node !== hovered && !graph.areNeighbors(node, hovered)) {
          return { ...attrs, color: "#e4e8ed", label: "", forceLabel: false };
        }
        return attrs;
      },
      edgeReducer: (edge, attrs) => {
        if (hovered && !graph.hasExtremity(edge, hovered)) return { ...attrs, hidden: true };
        return attrs;
      },
    });
    renderer.on("enterNode", ({ node }) => { hovered = node; renderer.refresh({ skipIndexation: true }); });
    renderer.on("leaveNode", () => { hovered = null; renderer.refresh({ skipIndexation: true }); });
    renderer.on("clickNode", ({ node }) => { window.location.assign(`/people/${node}`); });

    const circlesList = document.getElementById("map-circles");
    for (const c of data.circles.filter((c) => c.size >= 3)) {
      item(circlesList, null, c.colour, `${c.name} (${c.size})`);
    }
    const brokersList = document.getElementById("map-brokers");
    const nameOf = new Map(nodes.id.map((id, i) => [id, nodes.name[i]]));
    for (const id of data.brokers) item(brokersList, `/people/${id}`, null, nameOf.get(id));
    status.textContent = `${graph.order} people, ${graph.size} ties, ${data.circles.length} circles.`;
    // Time from the data's arrival to the first frame, for the benchmark.
    el.dataset.drawMs = String(Math.round(performance.now() - received));
    el.dataset.drawn = String(graph.order);
    window.kithkinMap = { graph, renderer };
  }

  draw().catch((error) => { status.textContent = `The map could not be drawn: ${error.message}`; });
})();
