const zone = document.querySelector("#message");
const compte = document.querySelector("#compte");
const bouton = document.querySelector("#envoyer");
const MAXIMUM = 140;

zone.addEventListener("input", () => {
  const n = zone.value.length;
  compte.textContent = `${n} / ${MAXIMUM}`;
  compte.classList.toggle("trop-long", n > MAXIMUM);
  bouton.disabled = n > MAXIMUM;
});
