// Renvoie la somme des nombres du tableau (0 pour un tableau vide).
function somme(nombres) {
  // Écris ton code ici.
}
