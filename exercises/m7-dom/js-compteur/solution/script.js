const bouton = document.querySelector("#plus");
const compteur = document.querySelector("#compteur");
let total = 0;

bouton.addEventListener("click", () => {
  total = total + 1;
  compteur.textContent = total;
});
