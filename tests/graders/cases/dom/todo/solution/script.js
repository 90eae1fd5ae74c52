document.querySelector("form").addEventListener("submit", (event) => {
  event.preventDefault();
  const li = document.createElement("li");
  li.textContent = document.querySelector("#tache").value;
  document.querySelector("ul").append(li);
});