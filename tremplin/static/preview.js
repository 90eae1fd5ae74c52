// Live preview of html/css/dom exercises. The learner's page runs in
// <iframe sandbox="allow-scripts"> served with its own CSP (opaque origin, no network):
// this script only builds the page text and posts it to that frame.
"use strict";
(function () {
  const frame = document.getElementById("preview-frame");
  const dataNode = document.getElementById("preview-data");
  if (!frame || !dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  const auto = document.getElementById("preview-auto");
  const areas = Array.from(document.querySelectorAll("textarea[data-file]"));
  const shell = frame.getAttribute("src");
  let timer = null;

  function files() {
    const all = Object.assign({}, data.fixed || {});
    for (const area of areas) all[area.dataset.file] = area.value;
    return all;
  }

  // The frame cannot load style.css or script.js by itself: inline them.
  function pageName(all) {
    if (data.page) return data.page;
    if ("index.html" in all) return "index.html";
    return Object.keys(all).find((name) => name.endsWith(".html")) || "";
  }

  function build() {
    const all = files();
    const doc = new DOMParser().parseFromString(all[pageName(all)] || "", "text/html");
    for (const link of doc.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const text = all[link.getAttribute("href").replace(/^\.\//, "")];
      if (text === undefined) continue;
      const style = doc.createElement("style");
      style.textContent = text;
      link.replaceWith(style);
    }
    for (const script of doc.querySelectorAll("script[src]")) {
      const text = all[script.getAttribute("src").replace(/^\.\//, "")];
      if (text === undefined) continue;
      script.removeAttribute("src");
      script.textContent = text;
    }
    return (doc.doctype ? "<!DOCTYPE html>\n" : "") + doc.documentElement.outerHTML;
  }

  // A fresh frame each time, so the previous page's timers and loops are gone.
  function refresh() {
    const fresh = frame.cloneNode(false);
    fresh.addEventListener("load", () => fresh.contentWindow.postMessage(build(), "*"), { once: true });
    fresh.src = shell;
    document.getElementById("preview-frame").replaceWith(fresh);
  }

  function later() {
    if (!auto || !auto.checked) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  }

  for (const area of areas) area.addEventListener("input", later);
  document.getElementById("preview-refresh").addEventListener("click", refresh);
  frame.addEventListener("load", () => frame.contentWindow.postMessage(build(), "*"), { once: true });
})();
