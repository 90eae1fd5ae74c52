import{b as o}from"./chunk-FMTYP5E2.js";import"./chunk-P7RZKBMC.js";import"./chunk-KBIQELZR.js";var s=()=>o();export{s as language};
