// À chaque clic sur #question, affiche ou cache #reponse et mets à jour aria-expanded.
const question = document.querySelector("#question");
const reponse = document.querySelector("#reponse");
