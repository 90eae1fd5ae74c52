// Renvoie la moyenne arrondie à une décimale, ou 0 pour un tableau vide.
function moyenne(notes) {
}
