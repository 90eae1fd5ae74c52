// Measurements of the `html`, `css` and `dom` kinds, evaluated by the harness in an
// isolated world of the learner's page: it shares the DOM but not the page's globals,
// so a script of the page cannot patch what is used here. It returns facts only
// (texts, attributes, computed styles, boxes); expected values stay on the host.
(() => {
  "use strict";
  const ITEMS = 50;
  const TEXT = 500;

  const clip = (s, n = TEXT) => (s.length > n ? s.slice(0, n) + "…" : s);
  const squash = (s) => String(s || "").replace(/\s+/g, " ").trim();
  const startTag = (el) => clip(el.outerHTML.split(">")[0] + ">", 160);

  function all(selector) {
    try {
      return { nodes: Array.from(document.querySelectorAll(selector)) };
    } catch (err) {
      return { error: "bad-selector" };
    }
  }

  function box(el) {
    const r = el.getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
  }

  function visible(el) {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0;
  }

  function item(el, probe) {
    const style = getComputedStyle(el, probe.pseudo || null);
    const out = { tag: startTag(el), text: clip(squash(el.innerText ?? el.textContent)) };
    out.attrs = Object.fromEntries((probe.attrs || []).map((a) => [a, el.getAttribute(a)]));
    out.styles = Object.fromEntries((probe.styles || []).map((p) => [p, style.getPropertyValue(p)]));
    out.box = box(el);
    out.visible = visible(el);
    return out;
  }

  function select(probe) {
    const found = all(probe.selector);
    if (found.error) return { error: found.error };
    return { count: found.nodes.length, items: found.nodes.slice(0, ITEMS).map((el) => item(el, probe)) };
  }

  function labelled(field) {
    if (field.getAttribute("aria-label") || field.getAttribute("aria-labelledby")) return true;
    if (field.closest("label")) return true;
    if (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`)) return true;
    return Boolean(field.getAttribute("title"));
  }

  const FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button])" +
    ":not([type=reset]):not([type=image]), select, textarea";

  const A11Y = {
    "img-alt": () => ({ bad: Array.from(document.images).filter((i) => !i.hasAttribute("alt")).map(startTag) }),
    labels: () => ({ bad: Array.from(document.querySelectorAll(FIELDS)).filter((f) => !labelled(f)).map(startTag) }),
    headings: () => ({
      levels: Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6")).map((h) => Number(h.tagName[1])),
    }),
    landmarks: () => ({
      main: document.querySelectorAll("main, [role=main]").length,
      header: document.querySelectorAll("header, [role=banner]").length,
      footer: document.querySelectorAll("footer, [role=contentinfo]").length,
      nav: document.querySelectorAll("nav, [role=navigation]").length,
    }),
  };

  function measure(probe) {
    if (probe.kind === "doctype") return { name: document.doctype ? document.doctype.name : null };
    if (probe.kind === "select") return select(probe);
    if (probe.kind === "a11y") return A11Y[probe.name] ? A11Y[probe.name]() : { error: "unknown" };
    if (probe.kind === "links") {
      return { hrefs: Array.from(document.querySelectorAll("a[href]")).slice(0, 200).map((a) => a.getAttribute("href")) };
    }
    return { error: "unknown" };
  }

  function locate(selector) {
    const found = all(selector);
    if (found.error) return { error: found.error };
    const el = found.nodes[0];
    if (!el) return { count: 0 };
    el.scrollIntoView({ block: "center", inline: "center" });
    const r = el.getBoundingClientRect();
    return { count: found.nodes.length, x: r.left + r.width / 2, y: r.top + r.height / 2, visible: visible(el) };
  }

  function focus(selector, clear) {
    const found = all(selector);
    const el = found.nodes && found.nodes[0];
    if (!el) return { count: 0, error: found.error };
    el.focus();
    if (clear && "value" in el) el.value = "";
    return { count: found.nodes.length, focused: document.activeElement === el };
  }

  function submit(selector) {
    const found = all(selector);
    const el = found.nodes && found.nodes[0];
    if (!el) return { count: 0, error: found.error };
    const form = el.tagName === "FORM" ? el : el.form || el.closest("form");
    if (!form) return { count: found.nodes.length, error: "no-form" };
    form.requestSubmit();
    return { count: found.nodes.length };
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  globalThis.__tremplin = { measure, locate, focus, submit, sleep };
})();
