// Renvoie un objet { prenom, nom (majuscules), email (minuscules, sans espaces autour) }.
function creerContact(prenom, nom, email) {
}

// Renvoie les initiales du contact, en majuscules.
function initiales(contact) {
}
