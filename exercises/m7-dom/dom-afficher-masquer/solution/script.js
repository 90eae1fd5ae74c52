const question = document.querySelector("#question");
const reponse = document.querySelector("#reponse");

question.addEventListener("click", () => {
  reponse.hidden = !reponse.hidden;
  question.setAttribute("aria-expanded", String(!reponse.hidden));
});
