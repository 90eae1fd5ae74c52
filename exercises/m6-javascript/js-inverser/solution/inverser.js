function inverser(texte) {
  let resultat = "";
  for (const lettre of texte) {
    resultat = lettre + resultat;
  }
  return resultat;
}
