function formaterTelephone(saisie) {
  let chiffres = "";
  for (const c of saisie) {
    if ("0123456789".includes(c)) {
      chiffres += c;
    }
  }
  if (chiffres.length !== 10) {
    return "invalide";
  }
  const paires = [];
  for (let i = 0; i < 10; i += 2) {
    paires.push(chiffres.slice(i, i + 2));
  }
  return paires.join(" ");
}
