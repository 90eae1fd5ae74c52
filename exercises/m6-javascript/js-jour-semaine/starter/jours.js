// Renvoie le nom du jour n (1 = lundi ... 7 = dimanche), ou "inconnu".
function nomDuJour(n) {
}
