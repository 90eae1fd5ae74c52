// Les produits sont dans le tableau produits (fichier produits.js) :
// { nom, categorie, prix, stock }.

// 1. afficher(liste) : vide #catalogue et crée un <li class="produit"> par produit.

// 2. mettreAJour() : applique la catégorie, la recherche, « en stock » et le tri, puis affiche.

// 3. Les écouteurs : boutons de catégorie, champ de recherche, case « en stock », bouton de tri.
