function enStock(produits) {
  return produits.filter((p) => p.stock > 0);
}

function trierParPrix(produits) {
  return produits.slice().sort((a, b) => a.prix - b.prix);
}

function valeurDuStock(produits) {
  let total = 0;
  for (const p of produits) {
    total += p.prix * p.stock;
  }
  return Math.round(total * 100) / 100;
}
