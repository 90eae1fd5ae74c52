// Renvoie "pair" ou "impair".
function parite(n) {
}
