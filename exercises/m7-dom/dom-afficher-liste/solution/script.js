// Les données sont dans le tableau evenements (fichier donnees.js).
const agenda = document.querySelector("#agenda");
const nombre = document.querySelector("#nombre");

for (const evenement of evenements) {
  const li = document.createElement("li");
  li.textContent = `${evenement.date} — ${evenement.titre}`;
  agenda.append(li);
}
nombre.textContent = `${evenements.length} événements`;
