// Renvoie la phrase de présentation.
function presentation(prenom, age) {
  // Écris ton code ici.
}
