function estSolide(mdp) {
  if (mdp.length < 12) {
    return false;
  }
  let chiffre = false;
  let majuscule = false;
  for (const c of mdp) {
    if ("0123456789".includes(c)) {
      chiffre = true;
    } else if (c !== c.toLowerCase()) {
      majuscule = true;
    }
  }
  return chiffre && majuscule;
}
