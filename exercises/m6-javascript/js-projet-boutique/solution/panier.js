// Le panier. Une ligne : { nom, prix, quantite }.

function ajouter(panier, produit, quantite = 1) {
  const nouveau = panier.map((ligne) => ({ ...ligne }));
  const existante = nouveau.find((ligne) => ligne.nom === produit.nom);
  if (existante) {
    existante.quantite += quantite;
  } else {
    nouveau.push({ nom: produit.nom, prix: produit.prix, quantite: quantite });
  }
  return nouveau;
}

function total(panier) {
  let somme = 0;
  for (const ligne of panier) {
    somme += ligne.prix * ligne.quantite;
  }
  return Math.round(somme * 100) / 100;
}

function appliquerCode(montant, code) {
  let resultat = montant;
  if (code === "BIENVENUE10") {
    resultat = montant * 0.9;
  } else if (code === "SOLIDAIRE5" && montant >= 30) {
    resultat = montant - 5;
  }
  return Math.round(resultat * 100) / 100;
}

function resume(panier, code) {
  let articles = 0;
  for (const ligne of panier) {
    articles += ligne.quantite;
  }
  return { articles: articles, total: formaterPrix(appliquerCode(total(panier), code)) };
}
