const SANS_ACCENT = {
  é: "e", è: "e", ê: "e", ë: "e",
  à: "a", â: "a",
  ç: "c",
  î: "i", ï: "i",
  ô: "o",
  ù: "u", û: "u", ü: "u",
};

function nomDeFichier(titre) {
  const minuscules = titre.trim().toLowerCase();
  let sansAccents = "";
  for (const lettre of minuscules) {
    sansAccents += SANS_ACCENT[lettre] || lettre;
  }
  return sansAccents
    .split(" ")
    .filter((mot) => mot !== "")
    .join("-");
}
