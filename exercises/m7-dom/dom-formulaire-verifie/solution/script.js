// Renvoie true si le texte ressemble à un e-mail : quelque chose, @, quelque chose, un point, quelque chose.
function emailValide(texte) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(texte);
}

const formulaire = document.querySelector("#inscription");
const champ = document.querySelector("#email");
const erreur = document.querySelector("#erreur");
const merci = document.querySelector("#merci");

formulaire.addEventListener("submit", (event) => {
  event.preventDefault();
  const email = champ.value.trim();
  if (!emailValide(email)) {
    erreur.textContent = "Cet e-mail n'est pas valide.";
    erreur.hidden = false;
    merci.hidden = true;
  } else {
    erreur.hidden = true;
    merci.textContent = `Merci ! La lettre arrivera à ${email}.`;
    merci.hidden = false;
  }
});
