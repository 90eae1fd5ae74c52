// Renvoie le plus grand nombre du tableau (jamais vide).
function maximum(nombres) {
}
