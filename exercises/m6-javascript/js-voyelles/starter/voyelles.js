// Renvoie le nombre de voyelles (a e i o u y) du texte.
function compterVoyelles(texte) {
}
