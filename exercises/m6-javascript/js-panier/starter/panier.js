// La somme de prix × quantite de chaque ligne, arrondie au centime.
function totalPanier(panier) {
}

// La somme des quantités.
function nombreArticles(panier) {
}
