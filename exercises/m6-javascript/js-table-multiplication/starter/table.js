// Renvoie les 10 lignes de la table de n, par exemple "7 x 3 = 21".
function table(n) {
}
