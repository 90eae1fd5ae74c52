function compterVoyelles(texte) {
  let compteur = 0;
  for (const lettre of texte) {
    if ("aeiouy".includes(lettre.toLowerCase())) {
      compteur++;
    }
  }
  return compteur;
}
