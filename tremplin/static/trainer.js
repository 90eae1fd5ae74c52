// Trainer pages: choosing a saved comment fills the comment box (kept editable); print button.
"use strict";
(function () {
  for (const select of document.querySelectorAll("select[data-fill]")) {
    const target = document.getElementById(select.dataset.fill);
    select.addEventListener("change", () => {
      const option = select.selectedOptions[0];
      if (!target || !option || !option.dataset.body) return;
      if (target.value.trim() && !window.confirm("Remplacer le commentaire déjà écrit ?")) return;
      target.value = option.dataset.body;
      target.focus();
    });
  }
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
})();
