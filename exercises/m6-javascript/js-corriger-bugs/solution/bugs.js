// Ce code contient trois bugs. Corrige-les sans tout réécrire.

function meilleureNote(notes) {
  let meilleure = notes[0];
  for (let i = 1; i < notes.length; i++) {
    if (notes[i] > meilleure) {
      meilleure = notes[i];
    }
  }
  return meilleure;
}

function estAdmis(note) {
  if (note >= 10) {
    return true;
  }
  return false;
}

function mention(note) {
  let resultat = "Passable";
  if (note >= 14) {
    resultat = "Bien";
  }
  return resultat;
}
