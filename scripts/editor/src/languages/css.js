// CSS colours and indentation.
import { css } from "@codemirror/lang-css";

export const language = () => css();
