document.getElementById("menu").addEventListener("click", () => {
  document.querySelector("nav").hidden = false;
});
