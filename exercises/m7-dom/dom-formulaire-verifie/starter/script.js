// Renvoie true si le texte ressemble à un e-mail : quelque chose, @, quelque chose, un point, quelque chose.
function emailValide(texte) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(texte);
}

const formulaire = document.querySelector("#inscription");
const champ = document.querySelector("#email");
const erreur = document.querySelector("#erreur");
const merci = document.querySelector("#merci");

// Écoute l'envoi du formulaire ici.
