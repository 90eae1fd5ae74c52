const formulaire = document.querySelector("#inscription");
const resume = document.querySelector("#resume");

// À l'envoi : crée l'objet inscription et affiche-le en JSON dans #resume.
