// Tremplin's code editor: CodeMirror 6 over a <textarea> that stays the form's field.
// Built by scripts/build-editor.sh into tremplin/static/editor/ (committed; no CDN).
// The page works without this module: exercise.js imports it after the first render and
// keeps the plain textarea if it cannot load.
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { Compartment, EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";

// Colours chosen for a 4.5:1 contrast at least on the white editor background (WCAG AA).
const colours = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.definitionKeyword], color: "#6d28d9" },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: "#15803d" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom, tags.unit], color: "#b45309" },
  { tag: [tags.comment, tags.meta], color: "#52606d", fontStyle: "italic" },
  { tag: [tags.tagName, tags.function(tags.variableName), tags.function(tags.propertyName)], color: "#1d4ed8" },
  { tag: [tags.attributeName, tags.className], color: "#9a3412" },
  { tag: [tags.propertyName, tags.typeName, tags.labelName], color: "#0e7490" },
  { tag: [tags.angleBracket, tags.bracket, tags.punctuation], color: "#334e68" },
  { tag: tags.invalid, color: "#b91c1c", textDecoration: "underline" },
]);

const theme = EditorView.theme({
  "&": { fontSize: "16px", backgroundColor: "#fff", border: "1px solid #9aa5b1", borderRadius: "6px" },
  "&.cm-focused": { outline: "3px solid #1e3a8a", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', lineHeight: "1.5", minHeight: "16em" },
  ".cm-content": { padding: "8px 0", caretColor: "#1f2933" },
  ".cm-gutters": { backgroundColor: "#f0f4f8", color: "#52606d", borderRight: "1px solid #d9e2ec" },
  ".cm-activeLine": { backgroundColor: "#eef2ff" },
  ".cm-activeLineGutter": { backgroundColor: "#dbe4ff", color: "#1f2933" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "#c7d2fe", outline: "1px solid #6366f1" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, ::selection": { backgroundColor: "#bfdbfe" },
});

// One chunk per language, loaded on demand: a CSS exercise never downloads the HTML parser.
const LANGUAGES = {
  js: () => import("./languages/javascript.js"),
  mjs: () => import("./languages/javascript.js"),
  json: () => import("./languages/javascript.js"),
  html: () => import("./languages/html.js"),
  htm: () => import("./languages/html.js"),
  css: () => import("./languages/css.js"),
  sh: () => import("./languages/shell.js"),
};

function languageFor(fileName) {
  const extension = fileName.includes(".") ? fileName.split(".").pop().toLowerCase() : "";
  const load = LANGUAGES[extension];
  return load ? load().then((module) => module.language(fileName)) : Promise.resolve([]);
}

/** Replace ``textarea`` by an editor that writes every change back into it. */
export function createEditor(textarea, { labelledBy, fileName, styleNonce, onChange }) {
  const language = new Compartment();
  const view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        indentOnInput(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        bracketMatching(),
        closeBrackets(),
        syntaxHighlighting(colours),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          "aria-labelledby": labelledBy,
          "aria-describedby": "editor-help",
          autocapitalize: "off",
          autocorrect: "off",
          spellcheck: "false",
        }),
        theme,
        // The page's CSP lets the editor's own <style> elements in with this nonce only.
        EditorView.cspNonce.of(styleNonce || ""),
        language.of([]),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
          if (onChange) onChange(textarea.value);
        }),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea);
  textarea.hidden = true;
  languageFor(fileName)
    .then((extension) => view.dispatch({ effects: language.reconfigure(extension) }))
    .catch(() => {}); // no colours is still an editor

  return {
    view,
    focus: () => view.focus(),
    insert(text) {
      view.dispatch(view.state.replaceSelection(text), { scrollIntoView: true });
      view.focus();
    },
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
  };
}
