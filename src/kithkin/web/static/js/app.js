// Small behaviours the pages need, kept out of the HTML so the CSP can forbid inline script.
"use strict";

// Empty again, as first served: also forgets what an earlier refusal had filled back in.
function startAfresh(form) {
  form.querySelectorAll(".field-error").forEach((el) => el.remove());
  form.querySelectorAll('[aria-invalid="true"]').forEach((el) => {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-describedby");
  });
  form.querySelectorAll('input[type="text"], textarea').forEach((el) => { el.defaultValue = ""; });
  form.querySelectorAll('input[type="checkbox"]').forEach((el) => { el.defaultChecked = false; });
  form.querySelectorAll("option").forEach((el) => { el.defaultSelected = false; });
  form.reset();
}

document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target;
  // A logged interaction clears its form so the next one starts fresh; a refused one
  // (4xx, swapped in like an answer) keeps everything that was typed.
  const status = event.detail.xhr ? event.detail.xhr.status : 0;
  if (form instanceof HTMLFormElement && form.hasAttribute("data-reset-on-success") &&
      event.detail.successful && status >= 200 && status < 300) {
    startAfresh(form);
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  // A form sent back with an error beside a field: the cursor goes to that field.
  const xhr = event.detail.xhr;
  const invalid = document.querySelector('form [aria-invalid="true"]');
  if (xhr && xhr.status >= 400 && invalid) {
    invalid.focus();
    return;
  }
  // Errors land in the message area: bring them to the reader's attention.
  const flash = document.querySelector("#messages .flash");
  if (event.target && event.target.id === "messages" && flash) {
    flash.setAttribute("tabindex", "-1");
    flash.focus();
  }
});

document.addEventListener("htmx:beforeRequest", (event) => {
  const messages = document.getElementById("messages");
  if (messages) messages.replaceChildren();
  // A new question: the old answer goes, so it never sits under a new error.
  const target = event.detail.target;
  if (target instanceof HTMLElement && target.hasAttribute("data-results")) {
    target.replaceChildren();
  }
});

// Copy buttons (a draft to paste into a mail): shown only where JavaScript runs.
function showCopyButtons() {
  document.querySelectorAll("button[data-copy]").forEach((button) => { button.hidden = false; });
}
document.addEventListener("DOMContentLoaded", showCopyButtons);
document.addEventListener("htmx:afterSettle", showCopyButtons);

document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-copy]") : null;
  if (!button) return;
  const box = document.getElementById(button.getAttribute("data-copy"));
  const said = button.parentElement ? button.parentElement.querySelector(".copied") : null;
  if (!(box instanceof HTMLTextAreaElement)) return;
  try {
    await navigator.clipboard.writeText(box.value);  // the draft as edited, not as served
  } catch {
    box.select();  // no clipboard access (a page not served securely): select it to copy by hand
    if (said) said.textContent = "Selected: press Ctrl+C to copy.";
    return;
  }
  if (said) said.textContent = "Copied.";
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
