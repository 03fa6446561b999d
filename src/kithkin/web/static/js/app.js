// Small behaviours the pages need, kept out of the HTML so the CSP can forbid inline script.
"use strict";

document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target;
  // A logged interaction clears its form so the next one starts fresh.
  if (form instanceof HTMLFormElement && form.hasAttribute("data-reset-on-success") && event.detail.successful) {
    form.reset();
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  // Errors land in the message area: bring them to the reader's attention.
  const flash = document.querySelector("#messages .flash");
  if (event.target && event.target.id === "messages" && flash) {
    flash.setAttribute("tabindex", "-1");
    flash.focus();
  }
});

document.addEventListener("htmx:beforeRequest", () => {
  const messages = document.getElementById("messages");
  if (messages) messages.replaceChildren();
});

// Upload progress for the import form: htmx reports the browser's own upload events.
document.addEventListener("htmx:xhr:progress", (event) => {
  const bar = document.getElementById("import-progress");
  if (!bar || !event.detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});

// After an action replaces part of the page (an agenda item done, a confirmation, a
// resumed reminder), keyboard focus goes to what replaced it, never back to <body>.
document.addEventListener("htmx:afterSettle", () => {
  const next = document.querySelector("[data-focus]");
  if (next instanceof HTMLElement) {
    next.removeAttribute("data-focus");
    next.focus();
  }
});
