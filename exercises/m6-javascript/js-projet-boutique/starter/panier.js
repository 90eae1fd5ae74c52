// Le panier. Une ligne : { nom, prix, quantite }.

// 7. Un nouveau panier avec le produit ajouté (quantité 1 par défaut)
function ajouter(panier, produit, quantite) {
}

// 8. La somme de prix × quantite, arrondie au centime
function total(panier) {
}

// 9. Le montant après le code de réduction
function appliquerCode(montant, code) {
}

// 10. { articles, total } : le nombre d'articles et le total formaté
function resume(panier, code) {
}
