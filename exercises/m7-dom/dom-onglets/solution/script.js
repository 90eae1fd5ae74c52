// Au clic sur un onglet, affiche son panneau et cache les autres.
const onglets = document.querySelectorAll(".onglet");
const panneaux = document.querySelectorAll(".panneau");

for (const onglet of onglets) {
  onglet.addEventListener("click", () => {
    for (const autre of onglets) {
      autre.setAttribute("aria-selected", "false");
    }
    for (const panneau of panneaux) {
      panneau.hidden = true;
    }
    onglet.setAttribute("aria-selected", "true");
    document.getElementById(onglet.getAttribute("aria-controls")).hidden = false;
  });
}
