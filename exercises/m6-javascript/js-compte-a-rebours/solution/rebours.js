function compteARebours(depart) {
  let texte = "";
  for (let i = depart; i >= 1; i--) {
    texte = texte + i + ", ";
  }
  return texte + "partez !";
}
