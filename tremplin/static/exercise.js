// Exercise page: submit without reloading, poll the verdict, keep drafts, symbol bar.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const form = document.getElementById("submit-form");
  const errorBox = document.getElementById("submit-error");
  const LABELS = {
    queued: "En attente de correction…", running: "Correction en cours…",
    passed: "Réussi", failed: "Pas encore", error: "Erreur de la plateforme",
  };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function render(box, data) {
    box.className = "verdict status-" + data.status;
    box.replaceChildren(el("h2", LABELS[data.status] || data.status));
    if (data.message) box.append(el("p", data.message));
    if (data.tests && data.tests.length) {
      const list = el("ul", "", "tests");
      for (const t of data.tests) {
        const item = el("li", "", "test-" + t.status);
        item.append(el("span", t.status === "passed" ? "✔ " : "✘ "), document.createTextNode(t.name));
        if (t.message) item.append(el("div", t.message, "muted"));
        list.append(item);
      }
      box.append(list);
    }
    if (data.output) {
      box.append(el("h3", "Ce que ton programme a affiché"), el("pre", data.output, "output"));
    }
  }

  function poll(box, url, delay) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((data) => {
        render(box, data);
        if (data.status === "queued" || data.status === "running") {
          setTimeout(() => poll(box, url, Math.min(delay * 1.3, 5000)), delay);
        }
      })
      .catch(() => setTimeout(() => poll(box, url, 5000), 5000));
  }

  const box = document.getElementById("verdict");
  if (box && box.dataset.poll) poll(box, box.dataset.poll, 700);

  if (!form) return;
  const areas = Array.from(form.querySelectorAll("textarea[data-file]"));
  const draftKey = (area) => "tremplin-draft:" + location.pathname + ":" + area.dataset.file;
  let lastArea = areas[0];
  for (const area of areas) {
    const saved = localStorage.getItem(draftKey(area));
    if (saved !== null && saved !== area.value) area.value = saved;
    area.addEventListener("input", () => localStorage.setItem(draftKey(area), area.value));
    area.addEventListener("focus", () => { lastArea = area; });
    area.addEventListener("keydown", (event) => {
      if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey) {
        event.preventDefault();
        area.setRangeText("  ", area.selectionStart, area.selectionEnd, "end");
        area.dispatchEvent(new Event("input"));
      }
    });
  }
  for (const button of form.querySelectorAll("[data-insert]")) {
    button.addEventListener("click", () => {
      if (!lastArea) return;
      lastArea.setRangeText(button.dataset.insert, lastArea.selectionStart, lastArea.selectionEnd, "end");
      lastArea.focus();
      lastArea.dispatchEvent(new Event("input"));
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const files = {};
    for (const area of areas) files[area.dataset.file] = area.value;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ files }),
    })
      .then((r) => r.json().then((data) => ({ ok: r.ok, data })))
      .then(({ ok, data }) => {
        if (!ok) throw new Error(data.error || "Envoi impossible.");
        const url = location.pathname.replace(/\/exercices\/.*/, "/soumissions/" + data.id + ".json");
        render(box, { status: data.status });
        poll(box, url, 500);
      })
      .catch((err) => {
        errorBox.textContent = err.message && err.message !== "Failed to fetch"
          ? err.message : "Connexion perdue : ton code est gardé sur cet appareil, réessaie.";
        errorBox.hidden = false;
      })
      .finally(() => { button.disabled = false; });
  });
})();
