// Renvoie "3, 2, 1, partez !" pour un départ de 3.
function compteARebours(depart) {
}
