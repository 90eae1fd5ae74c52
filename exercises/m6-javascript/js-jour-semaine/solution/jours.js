const JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

function nomDuJour(n) {
  if (n < 1 || n > 7) {
    return "inconnu";
  }
  return JOURS[n - 1];
}
