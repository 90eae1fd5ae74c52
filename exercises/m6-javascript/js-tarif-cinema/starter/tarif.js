// Renvoie le prix de la place (5, 7 ou 10).
function tarif(age, etudiant) {
}
