import{e as a}from"./chunk-2A6T7MUW.js";import"./chunk-WVHNGKQC.js";import"./chunk-P7RZKBMC.js";import"./chunk-KBIQELZR.js";var r=()=>a();export{r as language};
