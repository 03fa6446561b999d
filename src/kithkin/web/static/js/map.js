// The network map: the server sends positions and colours, sigma.js draws them with WebGL.
"use strict";

(function () {
  const el = document.getElementById("map");
  const status = document.getElementById("map-status");
  if (!el || !status) return;
  const GREY = "#9aa5b1"; // kithkin.web.routes.map.NO_CIRCLE
  const LABEL_SIZE = 13;
  const LABEL_PAD = 2; // room kept around each label, in pixels
  const MAX_LABELS = 80;

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
    // A circle is drawn in its own colour when it is big enough to be a group (the server
    // greys the small ones).
    const drawn = new Set(data.circles.filter((c) => c.colour !== GREY).map((c) => c.index));
    const indexOf = new Map(nodes.id.map((id, i) => [String(id), i]));
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
        color: me ? "#1c2430" : colours.get(nodes.circle[i]) || GREY,
        borderColor: broker ? "#1c2430" : "#ffffff",
        type: broker ? "border" : "circle",
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
    // Circles switched off in the legend; 0 stands for the grey people in small circles or none.
    const hidden = new Set();
    const groupOf = (node) => {
      const c = nodes.circle[indexOf.get(node)];
      return drawn.has(c) ? c : 0;
    };
    const isHidden = (node) => node !== String(data.me) && hidden.has(groupOf(node));
    // Only labels that fit without overlapping are drawn: see placeLabels.
    let labelled = new Set();
    let labelBoxes = [];
    const renderer = new Sigma(graph, el, {
      nodeProgramClasses: { border: NodeBorder },
      zIndex: true,
      labelSize: LABEL_SIZE,
      labelRenderedSizeThreshold: 0,
      labelFont: "system-ui, sans-serif",
      hideEdgesOnMove: graph.size > 20000,
      nodeReducer: (node, attrs) => {
        if (isHidden(node)) return { ...attrs, hidden: true };
        // Hovering a person dims everyone not tied to them.
        if (hovered && node !== hovered && !graph.areNeighbors(node, hovered)) {
          return { ...attrs, color: "#e4e8ed", label: "", forceLabel: false };
        }
        const shown = labelled.has(node) || node === hovered;
        return { ...attrs, label: shown ? attrs.label : "", forceLabel: shown };
      },
      edgeReducer: (edge, attrs) => {
        const [a, b] = graph.extremities(edge);
        if (isHidden(a) || isHidden(b)) return { ...attrs, hidden: true };
        if (hovered && a !== hovered && b !== hovered) return { ...attrs, hidden: true };
        return attrs;
      },
    });

    // Greedy label placement: me first, then the bridges, then the strongest ties; a label
    // is drawn only where its box (right of the dot, as sigma draws it) overlaps no other.
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = `${LABEL_SIZE}px system-ui, sans-serif`;
    const priority = graph.nodes().sort((a, b) => rank(b) - rank(a));
    function rank(node) {
      if (node === String(data.me)) return 3;
      return (brokers.has(Number(node)) ? 2 : 0) + graph.getNodeAttribute(node, "size") / 10;
    }
    function placeLabels() {
      const { width, height } = renderer.getDimensions();
      const boxes = [];
      const chosen = new Set();
      for (const node of priority) {
        if (boxes.length >= MAX_LABELS) break;
        if (isHidden(node)) continue;
        const attrs = graph.getNodeAttributes(node);
        const at = renderer.graphToViewport({ x: attrs.x, y: attrs.y });
        const radius = renderer.scaleSize(attrs.size);
        const x0 = at.x + radius + 3 - LABEL_PAD;
        const box = {
          node,
          x0,
          y0: at.y - LABEL_SIZE / 2 - LABEL_PAD,
          x1: x0 + measure.measureText(attrs.label).width + 2 * LABEL_PAD,
          y1: at.y + LABEL_SIZE / 2 + LABEL_PAD,
        };
        if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) continue;
        if (boxes.some((o) => box.x0 < o.x1 && o.x0 < box.x1 && box.y0 < o.y1 && o.y0 < box.y1)) continue;
        boxes.push(box);
        chosen.add(node);
      }
      labelled = chosen;
      labelBoxes = boxes;
    }
    let pending = false;
    function relabel(full) {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        placeLabels();
        renderer.refresh(full ? {} : { skipIndexation: true });
      });
    }
    renderer.getCamera().on("updated", () => relabel(false));
    renderer.on("resize", () => relabel(false));
    placeLabels();
    renderer.refresh({ skipIndexation: true });

    renderer.on("enterNode", ({ node }) => { hovered = node; renderer.refresh({ skipIndexation: true }); });
    renderer.on("leaveNode", () => { hovered = null; renderer.refresh({ skipIndexation: true }); });
    renderer.on("clickNode", ({ node }) => { window.location.assign(`/people/${node}`); });

    // The legend lists exactly the circles drawn in colour, each with a box that shows or
    // hides it, and the grey people apart; the status line counts the same circles.
    const circlesList = document.getElementById("map-circles");
    const coloured = data.circles.filter((c) => drawn.has(c.index));
    const greyPeople = nodes.id.filter((id, i) => id !== data.me && !drawn.has(nodes.circle[i])).length;
    const entries = coloured.map((c) => ({ group: c.index, colour: c.colour, text: `${c.name} (${c.size})` }));
    if (greyPeople) entries.push({ group: 0, colour: GREY, text: `in no circle of 3 or more (${greyPeople})` });
    for (const e of entries) {
      const li = document.createElement("li");
      const id = `circle-${e.group}`;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.checked = true;
      box.dataset.circle = String(e.group);
      box.addEventListener("change", () => {
        if (box.checked) hidden.delete(e.group); else hidden.add(e.group);
        showStatus();
        relabel(true);
      });
      const label = document.createElement("label");
      label.htmlFor = id;
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = e.colour; // CSSOM, allowed by the style-src policy
      label.append(swatch, document.createTextNode(e.text)); // text, never HTML: names are user data
      li.append(box, label);
      circlesList.append(li);
    }
    const brokersList = document.getElementById("map-brokers");
    const nameOf = new Map(nodes.id.map((id, i) => [id, nodes.name[i]]));
    for (const id of data.brokers) item(brokersList, `/people/${id}`, null, nameOf.get(id));
    function showStatus() {
      const shown = graph.filterNodes((n) => !isHidden(n)).length;
      const people = shown === graph.order ? `${graph.order} people` : `${shown} of ${graph.order} people shown`;
      status.textContent = `${people}, ${graph.size} ties, ${coloured.length} circles.`;
    }
    showStatus();
    // Time from the data's arrival to the first frame, for the benchmark.
    el.dataset.drawMs = String(Math.round(performance.now() - received));
    el.dataset.drawn = String(graph.order);
    window.kithkinMap = { graph, renderer, labelBoxes: () => labelBoxes };
  }

  draw().catch((error) => { status.textContent = `The map could not be drawn: ${error.message}`; });
})();
