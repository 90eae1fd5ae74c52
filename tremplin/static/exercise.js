// Exercise and submission pages. The page is usable before (and without) this script: the
// form posts the plain textareas. Here: the live verdict, drafts kept per user, one tab per
// file, symbol keys, « Recommencer », and the CodeMirror editor loaded after the first render.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const namespace = document.querySelector('meta[name="draft-namespace"]');
  const announcer = document.getElementById("announce");
  const box = document.getElementById("verdict");

  // ---- Live verdict: queued → running → result, without a reload -------------------------
  let lastAnnounced = "";

  function show(data) {
    box.className = "verdict status-" + data.status;
    box.innerHTML = data.html; // rendered and escaped by the server (learn/_verdict_body.html)
    if (announcer && data.announce !== lastAnnounced) {
      announcer.textContent = data.announce;
      lastAnnounced = data.announce;
    }
  }

  function poll(url, delay) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((data) => {
        show(data);
        if (data.status === "queued" || data.status === "running") {
          setTimeout(() => poll(url, Math.min(delay * 1.3, 5000)), delay);
        }
      })
      .catch(() => setTimeout(() => poll(url, 5000), 5000));
  }

  if (box && box.dataset.poll) poll(box.dataset.poll, 700);

  // A hint offered after a failure opens in place.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-open-hint]");
    const hint = link && document.getElementById("indice-" + link.dataset.openHint);
    if (!hint) return;
    event.preventDefault();
    hint.open = true;
    hint.scrollIntoView({ block: "center" });
    hint.querySelector("summary").focus();
  });

  const form = document.getElementById("submit-form");
  if (!form) return;

  // ---- Drafts: kept on this device under an opaque per-user key, cleared on sign-out -----
  const prefix = "tremplin:" + (namespace ? namespace.content : "anonyme") + ":draft:" + form.dataset.exercise + ":";
  const store = {
    get(name) { try { return localStorage.getItem(prefix + name); } catch (err) { return null; } },
    set(name, text) { try { localStorage.setItem(prefix + name, text); } catch (err) { /* full or disabled */ } },
  };
  const areas = Array.from(form.querySelectorAll("textarea[data-file]"));
  let restored = false;
  for (const area of areas) {
    const saved = store.get(area.dataset.file);
    if (saved !== null && saved !== area.value) { area.value = saved; restored = true; }
    area.addEventListener("input", () => store.set(area.dataset.file, area.value));
  }
  if (restored && document.getElementById("draft-note")) document.getElementById("draft-note").hidden = false;

  // ---- Editors, tabs and symbol keys --------------------------------------------------------
  const panels = Array.from(form.querySelectorAll(".file-panel"));
  const editors = new Map(); // textarea → editor handle, once the editor module has loaded
  let current = panels.length ? panels[0].querySelector("textarea") : null;

  function focusCurrent() {
    const editor = editors.get(current);
    if (editor) editor.focus(); else if (current) current.focus();
  }

  if (panels.length > 1) {
    const tablist = document.createElement("div");
    tablist.className = "tabs";
    tablist.setAttribute("role", "tablist");
    tablist.setAttribute("aria-label", "Fichiers de l'exercice");
    const tabs = panels.map((panel, index) => {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.id = "tab-" + (index + 1);
      tab.textContent = panel.dataset.file;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.querySelector("label").classList.add("sr-only");
      tablist.append(tab);
      return tab;
    });
    const select = (index, focus) => {
      tabs.forEach((tab, i) => {
        tab.setAttribute("aria-selected", String(i === index));
        tab.tabIndex = i === index ? 0 : -1;
        panels[i].hidden = i !== index;
      });
      current = panels[index].querySelector("textarea");
      if (focus) tabs[index].focus();
    };
    tablist.addEventListener("click", (event) => {
      const index = tabs.indexOf(event.target.closest("[role=tab]"));
      if (index >= 0) select(index, true);
    });
    tablist.addEventListener("keydown", (event) => {
      const index = tabs.indexOf(document.activeElement);
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (index < 0 || !(event.key in moves)) return;
      event.preventDefault();
      select((moves[event.key] + tabs.length) % tabs.length, true);
    });
    panels[0].before(tablist);
    select(0, false);
  }

  function insert(text) {
    const editor = editors.get(current);
    if (editor) { editor.insert(text); return; }
    if (!current) return;
    current.setRangeText(text, current.selectionStart, current.selectionEnd, "end");
    current.focus();
    current.dispatchEvent(new Event("input"));
  }

  for (const button of form.querySelectorAll("[data-insert]")) {
    // Keep the focus (and the phone's keyboard) in the editor while tapping a symbol.
    button.addEventListener("pointerdown", (event) => event.preventDefault());
    button.addEventListener("click", () => insert(button.dataset.insert));
  }
  for (const area of areas) {
    area.addEventListener("focus", () => { current = area; });
    area.addEventListener("keydown", (event) => {
      if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !area.dataset.escaped) {
        event.preventDefault();
        insert("  ");
      }
      area.dataset.escaped = event.key === "Escape" ? "1" : "";
    });
  }

  // The editor arrives after the first render; if it cannot load, the textareas stay.
  if (panels.length && form.dataset.editor) {
    import(form.dataset.editor).then(({ createEditor }) => {
      for (const panel of panels) {
        const area = panel.querySelector("textarea");
        const editor = createEditor(area, {
          labelledBy: panel.querySelector("label").id,
          fileName: area.dataset.file,
          styleNonce: form.dataset.styleNonce,
        });
        editor.view.contentDOM.addEventListener("focus", () => { current = area; });
        editors.set(area, editor);
      }
      form.classList.add("has-editor");
    }).catch(() => { /* plain textareas keep working */ });
  }

  // ---- « Recommencer »: the starter files back, after confirmation ---------------------------
  const restart = document.getElementById("restart");
  const dialog = document.getElementById("restart-dialog");
  const starter = document.getElementById("starter-data");
  if (restart && dialog && starter && typeof dialog.showModal === "function") {
    const files = JSON.parse(starter.textContent);
    restart.hidden = false;
    restart.addEventListener("click", () => dialog.showModal());
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "confirm") { restart.focus(); return; }
      for (const area of areas) {
        const text = files[area.dataset.file] || "";
        const editor = editors.get(area);
        if (editor) editor.setText(text);
        else { area.value = text; area.dispatchEvent(new Event("input")); }
      }
      if (announcer) announcer.textContent = "Le code de départ est remis.";
      focusCurrent();
    });
  }

  // ---- Submit without leaving the page ------------------------------------------------------
  const errorBox = document.getElementById("submit-error");
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
        poll(form.action.replace(/\/exercices\/.*/, "/soumissions/" + data.id + ".json"), 700);
      })
      .catch((err) => {
        errorBox.textContent = err.message && err.message !== "Failed to fetch"
          ? err.message : "Connexion perdue : ton code est gardé sur cet appareil, réessaie.";
        errorBox.hidden = false;
      })
      .finally(() => { button.disabled = false; });
  });
})();
