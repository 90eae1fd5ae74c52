function notesAdmises(notes) {
  return notes.filter((n) => n >= 10);
}

function ajouterBonus(notes, bonus) {
  return notes.map((n) => Math.min(20, n + bonus));
}
