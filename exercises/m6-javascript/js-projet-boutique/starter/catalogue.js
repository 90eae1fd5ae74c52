// Le catalogue de La Ressourcerie. Un produit : { nom, categorie, prix, stock }.

// 1. "12,50 €"
function formaterPrix(montant) {
}

// 2. "Lampe de bureau – 12,50 €", ou "Lampe de bureau – épuisé"
function etiquette(produit) {
}

// 3. Les produits en stock
function disponibles(produits) {
}

// 4. Les produits d'une catégorie (ou tous, pour "toutes")
function parCategorie(produits, categorie) {
}

// 5. Les produits dont le nom contient le texte (sans tenir compte des majuscules)
function rechercher(produits, texte) {
}

// 6. Une copie triée par prix, "croissant" ou "decroissant"
function trierParPrix(produits, ordre) {
}
