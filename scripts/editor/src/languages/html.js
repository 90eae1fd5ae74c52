// HTML, with the CSS and JavaScript it embeds; closing tags are completed as one types.
import { html } from "@codemirror/lang-html";

export const language = () => html({ autoCloseTags: true });
