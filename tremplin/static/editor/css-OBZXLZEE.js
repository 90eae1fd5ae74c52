/* Tremplin editor: CodeMirror 6, built by scripts/build-editor.sh. inputs-sha256:80f3b7d1445ad4ebeec214fb7d12767ac97cf79d1e236579c25e00ee54c72230 */
import{b as o}from"./chunk-LGU52SUP.js";import"./chunk-KSLSHO42.js";import"./chunk-GOR2EX3W.js";var s=()=>o();export{s as language};
