// Renvoie un nom de fichier propre : minuscules, sans accents, des tirets à la place des espaces.
function nomDeFichier(titre) {
}
