// Les données sont dans le tableau evenements (fichier donnees.js).
const agenda = document.querySelector("#agenda");
const nombre = document.querySelector("#nombre");
