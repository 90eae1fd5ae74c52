function totalPanier(panier) {
  let total = 0;
  for (const ligne of panier) {
    total += ligne.prix * ligne.quantite;
  }
  return Math.round(total * 100) / 100;
}

function nombreArticles(panier) {
  let nombre = 0;
  for (const ligne of panier) {
    nombre += ligne.quantite;
  }
  return nombre;
}
