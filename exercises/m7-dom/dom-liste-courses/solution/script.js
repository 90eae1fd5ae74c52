const formulaire = document.querySelector("#ajout");
const champ = document.querySelector("#article");
const liste = document.querySelector("#liste");

formulaire.addEventListener("submit", (event) => {
  event.preventDefault();
  const texte = champ.value.trim();
  if (texte === "") {
    return;
  }
  const li = document.createElement("li");
  li.textContent = texte;
  liste.append(li);
  champ.value = "";
});
