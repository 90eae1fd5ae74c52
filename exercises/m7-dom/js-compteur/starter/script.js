// À chaque clic sur le bouton #plus, ajoute 1 au nombre affiché dans #compteur.
const bouton = document.querySelector("#plus");
const compteur = document.querySelector("#compteur");
