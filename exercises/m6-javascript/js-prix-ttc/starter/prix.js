// Renvoie le prix TTC arrondi à 2 décimales.
function prixTTC(ht, taux) {
}
