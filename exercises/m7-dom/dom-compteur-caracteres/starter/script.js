const zone = document.querySelector("#message");
const compte = document.querySelector("#compte");
const bouton = document.querySelector("#envoyer");

// À chaque saisie dans la zone, mets à jour le compteur et le bouton.
