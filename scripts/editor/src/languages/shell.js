// Shell scripts: CodeMirror's port of the classic shell mode.
import { StreamLanguage } from "@codemirror/language";
import { shell } from "@codemirror/legacy-modes/mode/shell";

export const language = () => StreamLanguage.define(shell);
