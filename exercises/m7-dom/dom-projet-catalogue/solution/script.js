// Les produits sont dans le tableau produits (fichier produits.js) :
// { nom, categorie, prix, stock }.
const catalogue = document.querySelector("#catalogue");
const compteur = document.querySelector("#compteur");
const vide = document.querySelector("#vide");
const recherche = document.querySelector("#recherche");
const enStock = document.querySelector("#en-stock");
const tri = document.querySelector("#tri");
const boutons = document.querySelectorAll(".categorie");

let categorie = "toutes";
let triParPrix = false;

function formaterPrix(prix) {
  return prix.toFixed(2).replace(".", ",") + " €";
}

function texteCompteur(nombre) {
  if (nombre === 0) {
    return "Aucun produit";
  }
  return nombre === 1 ? "1 produit" : `${nombre} produits`;
}

// 1. afficher(liste) : vide #catalogue et crée un <li class="produit"> par produit.
function afficher(liste) {
  catalogue.replaceChildren();
  for (const produit of liste) {
    const li = document.createElement("li");
    li.className = "produit";
    const nom = document.createElement("h2");
    nom.textContent = produit.nom;
    const prix = document.createElement("p");
    prix.className = "prix";
    prix.textContent = produit.stock > 0 ? formaterPrix(produit.prix) : "Épuisé";
    if (produit.stock === 0) {
      li.classList.add("epuise");
    }
    li.append(nom, prix);
    catalogue.append(li);
  }
  compteur.textContent = texteCompteur(liste.length);
  vide.hidden = liste.length > 0;
}

// 2. mettreAJour() : applique la catégorie, la recherche, « en stock » et le tri, puis affiche.
function mettreAJour() {
  const texte = recherche.value.trim().toLowerCase();
  let liste = produits;
  if (categorie !== "toutes") {
    liste = liste.filter((produit) => produit.categorie === categorie);
  }
  liste = liste.filter((produit) => produit.nom.toLowerCase().includes(texte));
  if (enStock.checked) {
    liste = liste.filter((produit) => produit.stock > 0);
  }
  if (triParPrix) {
    liste = liste.slice().sort((a, b) => a.prix - b.prix);
  }
  afficher(liste);
}

// 3. Les écouteurs : boutons de catégorie, champ de recherche, case « en stock », bouton de tri.
for (const bouton of boutons) {
  bouton.addEventListener("click", () => {
    categorie = bouton.dataset.categorie;
    for (const autre of boutons) {
      autre.setAttribute("aria-pressed", String(autre === bouton));
    }
    mettreAJour();
  });
}
recherche.addEventListener("input", mettreAJour);
enStock.addEventListener("change", mettreAJour);
tri.addEventListener("click", () => {
  triParPrix = !triParPrix;
  tri.setAttribute("aria-pressed", String(triParPrix));
  mettreAJour();
});

mettreAJour();
