const formulaire = document.querySelector("#ajout");
const champ = document.querySelector("#article");
const liste = document.querySelector("#liste");

// Écoute l'envoi du formulaire ici.
