// JavaScript (and JSON) colours, indentation and bracket rules.
import { javascript } from "@codemirror/lang-javascript";

export const language = () => javascript();
