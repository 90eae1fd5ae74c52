// Au clic sur un onglet, affiche son panneau et cache les autres.
const onglets = document.querySelectorAll(".onglet");
const panneaux = document.querySelectorAll(".panneau");
