// Le catalogue de La Ressourcerie (sur un vrai site, ces données viendraient d'un serveur).
const produits = [
  { nom: "Lampe de bureau", categorie: "maison", prix: 12.5, stock: 3 },
  { nom: "Vélo enfant", categorie: "loisirs", prix: 45, stock: 1 },
  { nom: "Lot de 6 tasses", categorie: "maison", prix: 4, stock: 0 },
  { nom: "Radio <vintage>", categorie: "multimedia", prix: 18.9, stock: 2 },
  { nom: "Livres de poche (le lot)", categorie: "loisirs", prix: 5.5, stock: 8 },
  { nom: "Grille-pain", categorie: "maison", prix: 9, stock: 1 },
  { nom: "Enceinte Bluetooth", categorie: "multimedia", prix: 22, stock: 0 },
  { nom: "Jeu de société", categorie: "loisirs", prix: 7.5, stock: 4 },
];
