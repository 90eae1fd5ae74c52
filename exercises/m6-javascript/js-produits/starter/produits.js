// Les produits dont le stock est supérieur à 0.
function enStock(produits) {
}

// Les produits du moins cher au plus cher (sans modifier le tableau reçu).
function trierParPrix(produits) {
}

// La somme de prix × stock, arrondie au centime.
function valeurDuStock(produits) {
}
