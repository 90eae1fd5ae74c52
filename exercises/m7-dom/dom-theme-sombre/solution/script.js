const bouton = document.querySelector("#theme");

bouton.addEventListener("click", () => {
  const sombre = document.body.classList.toggle("sombre");
  bouton.textContent = sombre ? "Mode clair" : "Mode sombre";
  bouton.setAttribute("aria-pressed", String(sombre));
});
