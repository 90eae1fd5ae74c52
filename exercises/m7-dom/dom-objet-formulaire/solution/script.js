const formulaire = document.querySelector("#inscription");
const resume = document.querySelector("#resume");

formulaire.addEventListener("submit", (event) => {
  event.preventDefault();
  const inscription = {
    prenom: document.querySelector("#prenom").value.trim(),
    email: document.querySelector("#email").value.trim(),
    atelier: document.querySelector("input[name=atelier]:checked").value,
    rappel: document.querySelector("#rappel").checked,
  };
  resume.textContent = JSON.stringify(inscription);
  resume.hidden = false;
});
