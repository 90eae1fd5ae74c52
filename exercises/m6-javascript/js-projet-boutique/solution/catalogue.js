// Le catalogue de La Ressourcerie. Un produit : { nom, categorie, prix, stock }.

function formaterPrix(montant) {
  return montant.toFixed(2).replace(".", ",") + " €";
}

function etiquette(produit) {
  if (produit.stock === 0) {
    return `${produit.nom} – épuisé`;
  }
  return `${produit.nom} – ${formaterPrix(produit.prix)}`;
}

function disponibles(produits) {
  return produits.filter((produit) => produit.stock > 0);
}

function parCategorie(produits, categorie) {
  if (categorie === "toutes") {
    return produits;
  }
  return produits.filter((produit) => produit.categorie === categorie);
}

function rechercher(produits, texte) {
  const cherche = texte.trim().toLowerCase();
  return produits.filter((produit) => produit.nom.toLowerCase().includes(cherche));
}

function trierParPrix(produits, ordre) {
  const copie = produits.slice();
  if (ordre === "decroissant") {
    return copie.sort((a, b) => b.prix - a.prix);
  }
  return copie.sort((a, b) => a.prix - b.prix);
}
