// Renvoie "06 12 34 56 78", ou "invalide" s'il n'y a pas exactement 10 chiffres.
function formaterTelephone(saisie) {
}
