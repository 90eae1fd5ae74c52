// Les notes supérieures ou égales à 10.
function notesAdmises(notes) {
}

// Les notes augmentées du bonus, sans dépasser 20.
function ajouterBonus(notes, bonus) {
}
