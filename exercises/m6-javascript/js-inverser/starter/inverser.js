// Renvoie le texte à l'envers.
function inverser(texte) {
}
